package coffer.it.crash;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checks a restarted gateway against the {@link AckLog}: every key is read back in full and must be in one of its
 * allowed states with exactly that state's content and ETag (so nothing half-written is visible, and an upload in
 * progress is no object); the listing must show exactly the present keys with their sizes and ETags; the
 * gateway's usage must equal the listed sizes plus the parts of uploads in progress ({@link UsageCheck}, which
 * then aborts those uploads). Then settles the log to what was found. Not thread-safe; runs while no client
 * writes.
 */
final class Verifier {
    /** What one verification found. */
    record Result(List<String> problems, int present, long bytes, int pendingResolvedNew, int pendingResolvedOld,
                  int completesResolvedNew, int completesResolvedOld, UsageCheck.Result usage) {
    }

    private final S3Client s3;
    private final String bucket;
    private final UsageCheck usage;

    Verifier(S3Client s3, String bucket, UsageCheck usage) {
        this.s3 = s3;
        this.bucket = bucket;
        this.usage = usage;
    }

    Result verifyAndSettle(AckLog log) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        Map<String, ObjectState> found = new HashMap<>();
        int resolvedNew = 0;
        int resolvedOld = 0;
        int completesNew = 0;
        int completesOld = 0;
        for (String key : log.keys()) {
            ObjectState state = read(key, problems);
            found.put(key, state);
            Set<ObjectState> allowed = log.allowed(key);
            if (state != null && !allowed.contains(state)) {
                problems.add(key + ": found " + state + ", allowed " + allowed);
            } else if (state != null && log.hasPending(key)) {
                boolean complete = log.pending(key).multipart();
                if (state.equals(log.acknowledged(key))) {
                    resolvedOld++;
                    completesOld += complete ? 1 : 0;
                } else {
                    resolvedNew++;
                    completesNew += complete ? 1 : 0;
                }
            }
        }
        Map<String, S3Object> listed = checkListing(found, problems);
        long bytes = listed.values().stream().mapToLong(S3Object::size).sum();
        UsageCheck.Result usageResult = usage.check(found.keySet(), bytes, listed.size(), problems);
        int present = 0;
        for (Map.Entry<String, ObjectState> e : found.entrySet()) {
            if (e.getValue() != null) {
                log.settle(e.getKey(), e.getValue());
                present += e.getValue().present() ? 1 : 0;
            }
        }
        return new Result(problems, present, bytes, resolvedNew, resolvedOld, completesNew, completesOld,
                usageResult);
    }

    /** The key's state as GET shows it, content verified; null (and a problem) if it is in no valid state. */
    private ObjectState read(String key, List<String> problems) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
            GetObjectResponse r = in.response();
            String v = r.metadata().get(ClientWorker.VERSION_META);
            if (v == null) {
                problems.add(key + ": no version metadata");
                return null;
            }
            String ps = r.metadata().get(ClientWorker.PART_SIZE_META);
            ObjectState state = new ObjectState(Long.parseLong(v), r.contentLength(),
                    ps == null ? 0 : Long.parseLong(ps));
            String mismatch = VersionContent.mismatch(in, key, state.version(), state.size());
            if (mismatch != null) {
                problems.add(key + " " + state + ": content " + mismatch);
                return null;
            }
            String etag = VersionContent.etag(key, state);
            if (!etag.equals(r.eTag())) {
                problems.add(key + " " + state + ": ETag " + r.eTag() + ", expected " + etag);
            }
            return state;
        } catch (NoSuchKeyException e) {
            return ObjectState.ABSENT;
        }
    }

    /** Lists the bucket in small pages; returns what it listed, by key. */
    private Map<String, S3Object> checkListing(Map<String, ObjectState> found, List<String> problems) {
        Map<String, S3Object> listed = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(50)).contents()) {
            if (listed.put(o.key(), o) != null) {
                problems.add("listing shows " + o.key() + " twice");
            }
        }
        for (S3Object o : listed.values()) {
            ObjectState state = found.get(o.key());
            if (state == null && !found.containsKey(o.key())) {
                problems.add("listing shows " + o.key() + ", which no client ever wrote");
            } else if (state != null && !state.present()) {
                problems.add("listing shows " + o.key() + ", which GET does not find");
            } else if (state != null && state.size() != o.size()) {
                problems.add("listing gives " + o.key() + " " + o.size() + " B, GET " + state.size() + " B");
            } else if (state != null && !VersionContent.etag(o.key(), state).equals(o.eTag())) {
                problems.add("listing gives " + o.key() + " ETag " + o.eTag() + ", not that of " + state);
            }
        }
        found.forEach((key, state) -> {
            if (state != null && state.present() && !listed.containsKey(key)) {
                problems.add("listing lacks " + key + " (" + state + ")");
            }
        });
        return listed;
    }
}
