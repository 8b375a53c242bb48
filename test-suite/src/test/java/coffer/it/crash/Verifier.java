package coffer.it.crash;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checks a restarted gateway against the {@link AckLog}: every key is read back in full and must be in one of its
 * allowed states with exactly that state's content and ETag (so nothing half-written is visible); the listing
 * must show exactly the present keys with their sizes and ETags; the stored total must equal the sum of the
 * sizes. Then settles the log to what was found. Not thread-safe; runs while no client writes.
 */
final class Verifier {
    /** What one verification found. */
    record Result(List<String> problems, int present, long bytes, int pendingResolvedNew, int pendingResolvedOld) {
    }

    private final S3Client s3;
    private final String bucket;

    Verifier(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    Result verifyAndSettle(AckLog log) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, ObjectState> found = new HashMap<>();
        int resolvedNew = 0;
        int resolvedOld = 0;
        for (String key : log.keys()) {
            ObjectState state = read(key, problems);
            found.put(key, state);
            Set<ObjectState> allowed = log.allowed(key);
            if (state != null && !allowed.contains(state)) {
                problems.add(key + ": found " + state + ", allowed " + allowed);
            } else if (state != null && log.hasPending(key)) {
                if (state.equals(log.acknowledged(key))) {
                    resolvedOld++;
                } else {
                    resolvedNew++;
                }
            }
        }
        long bytes = checkListing(found, problems);
        OptionalLong usage = reportedUsage();
        if (usage.isPresent() && usage.getAsLong() != bytes) {
            problems.add("usage " + usage.getAsLong() + " differs from the sum of stored sizes " + bytes);
        }
        int present = 0;
        for (Map.Entry<String, ObjectState> e : found.entrySet()) {
            if (e.getValue() != null) {
                log.settle(e.getKey(), e.getValue());
                present += e.getValue().present() ? 1 : 0;
            }
        }
        return new Result(problems, present, bytes, resolvedNew, resolvedOld);
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
            ObjectState state = new ObjectState(Long.parseLong(v), r.contentLength());
            String mismatch = VersionContent.mismatch(in, key, state.version(), state.size());
            if (mismatch != null) {
                problems.add(key + " " + state + ": content " + mismatch);
                return null;
            }
            String etag = ClientWorker.quotedHex(VersionContent.md5(key, state.version(), state.size()));
            if (!etag.equals(r.eTag())) {
                problems.add(key + " " + state + ": ETag " + r.eTag() + ", expected " + etag);
            }
            return state;
        } catch (NoSuchKeyException e) {
            return ObjectState.ABSENT;
        }
    }

    /** Lists the bucket in small pages; returns the sum of the listed sizes. */
    private long checkListing(Map<String, ObjectState> found, List<String> problems) {
        Map<String, S3Object> listed = new HashMap<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(50)).contents()) {
            if (listed.put(o.key(), o) != null) {
                problems.add("listing shows " + o.key() + " twice");
            }
        }
        long total = 0;
        for (S3Object o : listed.values()) {
            total += o.size();
            ObjectState state = found.get(o.key());
            if (state == null && !found.containsKey(o.key())) {
                problems.add("listing shows " + o.key() + ", which no client ever wrote");
            } else if (state != null && !state.present()) {
                problems.add("listing shows " + o.key() + ", which GET does not find");
            } else if (state != null && state.size() != o.size()) {
                problems.add("listing gives " + o.key() + " " + o.size() + " B, GET " + state.size() + " B");
            } else if (state != null && !ClientWorker.quotedHex(VersionContent.md5(o.key(), state.version(),
                    state.size())).equals(o.eTag())) {
                problems.add("listing gives " + o.key() + " ETag " + o.eTag() + ", not that of " + state);
            }
        }
        found.forEach((key, state) -> {
            if (state != null && state.present() && !listed.containsKey(key)) {
                problems.add("listing lacks " + key + " (" + state + ")");
            }
        });
        return total;
    }

    /**
     * The gateway's own usage figure for the bucket, to compare with the sum of stored sizes.
     * TODO(issue 5, usage accounting): return the figure once the gateway keeps usage (admin API or catalog).
     */
    private OptionalLong reportedUsage() {
        return OptionalLong.empty();
    }
}
