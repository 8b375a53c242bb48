package coffer.it.crash;

import coffer.storage.quota.Quotas;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * After a restart, once the objects are verified: compares the account's usage as the gateway reports it (admin
 * API) with what S3 shows. By {@code docs/accounts.md} ("What counts") used bytes are the sizes of the stored
 * objects plus the charges of the stored parts of uploads in progress (at least 4 KiB each), and the object count
 * counts objects only, so an upload a kill left unfinished counts by its parts and never as an object. Then aborts those uploads (their parts must
 * come off the usage and the uploads vanish) and asks a reconciliation whether the counters agree with the
 * catalog. Not thread-safe; runs while no client writes.
 */
final class UsageCheck {
    /** What the check found: uploads a kill left, the bytes of their parts, the used bytes reported first. */
    record Result(int uploadsLeft, long partBytes, long usedBytes) {
    }

    private final S3Client s3;
    private final String bucket;
    private final AdminApi admin;
    private final String account;

    UsageCheck(S3Client s3, String bucket, AdminApi admin, String account) {
        this.s3 = s3;
        this.bucket = bucket;
        this.admin = admin;
        this.account = account;
    }

    /**
     * {@code objectBytes} and {@code objectCount} are what the listing showed (already checked against GET);
     * {@code keys} every key a client used. Problems are added to {@code problems}.
     */
    Result check(Set<String> keys, long objectBytes, long objectCount, List<String> problems)
            throws IOException, InterruptedException {
        List<MultipartUpload> uploads = uploads();
        long partBytes = 0;
        for (MultipartUpload u : uploads) {
            if (!keys.contains(u.key())) {
                problems.add("an upload in progress for " + u.key() + ", which no client ever wrote");
            }
            for (Part p : s3.listPartsPaginator(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()))
                    .parts()) {
                partBytes += Quotas.partCharge(p.size()); // docs/accounts.md: a part counts at least 4 KiB
            }
        }
        AdminApi.Usage before = admin.usage(account);
        expect("with " + uploads.size() + " uploads in progress (" + partBytes + " B of parts)", before,
                objectBytes + partBytes, objectCount, problems);

        for (MultipartUpload u : uploads) {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
        }
        if (!uploads.isEmpty()) {
            List<MultipartUpload> left = uploads();
            if (!left.isEmpty()) {
                problems.add(left.size() + " uploads still listed after aborting them all");
            }
            expect("after aborting the uploads", admin.usage(account), objectBytes, objectCount, problems);
        }

        AdminApi.Drift drift = admin.reconcile(account);
        if (!drift.none()) {
            problems.add("reconciliation found drift: " + drift);
        }
        if (drift.actualBytes() != objectBytes || drift.actualObjects() != objectCount) {
            problems.add("the catalog holds " + drift.actualBytes() + " B in " + drift.actualObjects()
                    + " objects and parts, S3 shows " + objectBytes + " B in " + objectCount + " objects");
        }
        return new Result(uploads.size(), partBytes, before.usedBytes());
    }

    private List<MultipartUpload> uploads() {
        return s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().stream().toList();
    }

    private static void expect(String when, AdminApi.Usage usage, long bytes, long objects, List<String> problems) {
        if (usage.usedBytes() != bytes) {
            problems.add("usage " + when + ": " + usage.usedBytes() + " B used, S3 shows " + bytes + " B");
        }
        if (usage.objectCount() != objects) {
            problems.add("usage " + when + ": " + usage.objectCount() + " objects, S3 lists " + objects);
        }
        if (usage.reservedBytes() < 0) {
            problems.add("usage " + when + ": negative reserved bytes " + usage.reservedBytes());
        }
    }
}
