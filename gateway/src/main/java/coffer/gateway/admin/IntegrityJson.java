package coffer.gateway.admin;

import coffer.storage.integrity.LostBlob;
import coffer.storage.integrity.ReconciliationReport;
import coffer.storage.integrity.ScrubFinding;
import coffer.storage.integrity.ScrubJobs;
import coffer.storage.integrity.ScrubReport;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/**
 * The JSON of reconciliation reports and scrub jobs (field names are part of the admin API: add, never rename).
 * Kinds and problems are lower case: {@code object}, {@code object_part}, {@code upload_part}; {@code missing},
 * {@code damaged}. Stateless.
 */
final class IntegrityJson {
    private final AdminJson json;
    private final Clock clock;

    IntegrityJson(AdminJson json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    ObjectNode reconciliation(ReconciliationReport r) {
        ObjectNode n = json.object().put("state", "done").put("started", r.started().toString())
                .put("finished", r.finished().toString()).put("seconds", r.duration().toMillis() / 1000.0)
                .put("blobsSeen", r.blobsSeen()).put("orphansFreed", r.orphansFreed())
                .put("orphanBytesFreed", r.orphanBytesFreed()).put("rowsChecked", r.rowsChecked())
                .put("missingCount", r.missingCount());
        ArrayNode missing = n.putArray("missing");
        for (LostBlob l : r.missing()) {
            missing.addObject().put("kind", l.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("bucket", l.bucket()).put("key", l.key()).put("uploadId", l.uploadId())
                    .put("partNumber", l.partNumber()).put("blobId", l.blobId().value());
        }
        return n;
    }

    ObjectNode scrub(ScrubJobs.Status s) {
        ScrubReport r = s.report();
        ObjectNode n = json.object().put("id", s.id())
                .put("state", s.state().name().toLowerCase(java.util.Locale.ROOT)).put("error", s.error())
                .put("started", r.started().toString())
                .put("finished", r.finished() == null ? null : r.finished().toString())
                .put("seconds", r.elapsed(clock.instant()).toMillis() / 1000.0)
                .put("objectsChecked", r.objectsChecked()).put("uploadPartsChecked", r.uploadPartsChecked())
                .put("blobsChecked", r.blobsChecked()).put("bytesChecked", r.bytesChecked())
                .put("keylessOnly", r.keylessOnly()).put("damaged", r.damaged()).put("missing", r.missing());
        ArrayNode findings = n.putArray("findings");
        for (ScrubFinding f : r.findings()) {
            findings.addObject().put("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("bucket", f.bucket()).put("key", f.key()).put("uploadId", f.uploadId())
                    .put("partNumber", f.partNumber())
                    .put("problem", f.problem().name().toLowerCase(java.util.Locale.ROOT))
                    .put("detail", f.detail());
        }
        return n;
    }
}
