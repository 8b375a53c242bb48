package coffer.storage.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.Bucket;
import coffer.storage.CopyObject;
import coffer.storage.DeleteCondition;
import coffer.storage.ObjectMetadata;
import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.QuotaClaim;
import coffer.storage.QuotaExceededException;
import coffer.storage.Store;
import coffer.storage.StoreException;
import coffer.storage.accounts.AccountUsage;
import coffer.storage.accounts.NewAccount;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many requests race for the last bytes of an account, each claiming its declared length through the engine's
 * protocol ({@link Quotas#claim}: reserve, store, publish, finish), while a sampler reads the usage row: exactly the ones that fit succeed, usage never passes
 * the quota, and reconciliation finds no drift.
 */
class StoreQuotaRaceTest {
    private static final StoreFixture F = new StoreFixture("store_quota_race");
    private static final int MIB = 1024 * 1024;
    private final Store store = F.store;
    private final Quotas quotas = store.quotas();

    /** What a request ended with. */
    private enum Outcome { OK, QUOTA_EXCEEDED, SOURCE_CHANGED }

    private Bucket account(String name, long quota) {
        long id = store.accounts().create(new NewAccount(name, name, null, null, quota, null, null)).account().id();
        return store.createBucket(id, name + "-bucket", "us-east-1");
    }

    private AccountUsage usage(Bucket b) {
        return store.accounts().list().stream().filter(a -> a.id() == b.ownerId()).findFirst().orElseThrow().usage();
    }

    /** A PutObject as the handler runs it. */
    private Outcome put(Bucket b, String key, int size) throws IOException {
        return claimed(() -> store.putObject(PutObject.of(b, key, new ByteArrayInputStream(new byte[size]), size)
                .quota(QuotaClaim.declared(b.ownerId(), size)).build()));
    }

    private Outcome part(Bucket b, String key, String upload, int n, int size) throws IOException {
        return claimed(() -> store.multipart().uploadPart(PutPart.of(b, key, upload, n,
                new ByteArrayInputStream(new byte[size]), size).quota(QuotaClaim.declared(b.ownerId(), size)).build()));
    }

    /** A CopyObject whose source may be overwritten meanwhile (the handler would read it again). */
    private Outcome copy(Bucket b, String from, String to) throws IOException {
        ObjectRecord src = store.findObject(b, from).orElseThrow();
        try {
            return claimed(() -> store.copyObject(CopyObject.of(src, b, to).metadata(ObjectMetadata.EMPTY)
                    .quota(QuotaClaim.declared(b.ownerId(), src.size())).build()));
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.SOURCE_CHANGED) {
                throw e;
            }
            return Outcome.SOURCE_CHANGED;
        }
    }

    /** Work that publishes, claiming its room in the quota. */
    @FunctionalInterface
    private interface Publish {
        Object run() throws IOException;
    }

    private static Outcome claimed(Publish publish) throws IOException {
        try {
            publish.run();
            return Outcome.OK;
        } catch (QuotaExceededException e) {
            return Outcome.QUOTA_EXCEEDED;
        }
    }

    private static List<Outcome> race(List<Callable<Outcome>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Callable<Outcome> request : requests) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertNoDrift(Bucket b) {
        UsageDrift d = store.accounts().reconcile().stream().filter(x -> x.accountId() == b.ownerId()).findFirst()
                .orElseThrow();
        assertFalse(d.hasDrift(), d.toString());
        assertEquals(0, usage(b).reservedBytes());
        assertEquals(0L, Sql.count(F.db, "SELECT COUNT(*) FROM reservation WHERE account_id = ?", b.ownerId()));
    }

    @Test
    void fortyPutsAndPartsRaceForTenMiB() throws Exception {
        long quota = 10L * MIB;
        Bucket b = account("race", quota);
        String upload = store.multipart().createMultipartUpload(NewUpload.of(b, "mp").build()).uploadId();
        List<Callable<Outcome>> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            requests.add(i % 2 == 0 ? () -> put(b, "k" + n, MIB) : () -> part(b, "mp", upload, n, MIB));
        }
        List<Outcome> outcomes;
        UsageSampler sampler = new UsageSampler(F.db, b.ownerId());
        try (sampler) {
            outcomes = race(requests);
        }
        long ok = outcomes.stream().filter(o -> o == Outcome.OK).count();
        assertEquals(10, ok, outcomes.toString());
        assertEquals(30, outcomes.stream().filter(o -> o == Outcome.QUOTA_EXCEEDED).count());
        assertEquals(quota, usage(b).usedBytes());
        assertTrue(sampler.maxUsedAndReserved() <= quota, "used + reserved peaked at " + sampler.maxUsedAndReserved());
        assertTrue(sampler.samples() > 0);
        assertNoDrift(b);
    }

    @Test
    void overwritesDeletesCopiesAndAbortsMixedIn() throws Exception {
        long quota = 10L * MIB;
        Bucket b = account("mixed", quota);
        for (int i = 0; i < 6; i++) {
            assertEquals(Outcome.OK, put(b, "old" + i, MIB));
        }
        String doomed = store.multipart().createMultipartUpload(NewUpload.of(b, "doomed").build()).uploadId();
        assertEquals(Outcome.OK, part(b, "doomed", doomed, 1, MIB));
        assertEquals(Outcome.OK, part(b, "doomed", doomed, 2, MIB));
        String live = store.multipart().createMultipartUpload(NewUpload.of(b, "live").build()).uploadId();
        assertEquals(8L * MIB, usage(b).usedBytes());

        List<Callable<Outcome>> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i;
            requests.add(() -> put(b, "new" + n, MIB));
            requests.add(() -> put(b, "old" + (n % 6), MIB)); // overwrite: needs room for the whole new body
            requests.add(() -> part(b, "live", live, n + 1, MIB));
        }
        for (int i = 0; i < 6; i++) {
            int n = i;
            requests.add(() -> copy(b, "old" + (3 + n % 3), "copy" + n)); // old3..old5 are never deleted
        }
        for (int i = 0; i < 3; i++) {
            int n = i;
            requests.add(() -> {
                store.deleteObject(b, "old" + n, DeleteCondition.NONE);
                return Outcome.OK;
            });
        }
        requests.add(() -> {
            store.multipart().abortMultipartUpload(b, "doomed", doomed);
            return Outcome.OK;
        });
        List<Outcome> outcomes;
        UsageSampler sampler = new UsageSampler(F.db, b.ownerId());
        try (sampler) {
            outcomes = race(requests);
        }
        assertTrue(outcomes.contains(Outcome.QUOTA_EXCEEDED), outcomes.toString());
        assertTrue(sampler.maxUsed() <= quota, "used peaked at " + sampler.maxUsed());
        assertTrue(sampler.maxUsedAndReserved() <= quota, "used + reserved peaked at " + sampler.maxUsedAndReserved());
        assertTrue(usage(b).usedBytes() <= quota);
        assertNoDrift(b);
    }

    @Test
    void aRefusalComesFromTheQuotaAndNothingElse() {
        Bucket b = account("tiny", 10);
        StoreException e = org.junit.jupiter.api.Assertions.assertThrows(QuotaExceededException.class,
                () -> quotas.reserve(b.ownerId(), 11));
        assertEquals(StoreException.Reason.QUOTA_EXCEEDED, e.reason());
        assertEquals(new AccountUsage(0, 0, 0), usage(b));
    }
}
