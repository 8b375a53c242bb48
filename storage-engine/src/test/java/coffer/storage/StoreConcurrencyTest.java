package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StoreConcurrencyTest {
    private static final StoreFixture F = new StoreFixture("store_concurrency");

    @Test
    void concurrentOverwritesOfOneKeyLeaveOneRowAndQueueEveryOtherBlob() throws Exception {
        Account a = F.store.createAccount("hot");
        Bucket bucket = F.store.createBucket(a.id(), "hot", "us-east-1");
        int threads = 8;
        int rounds = 6;
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    go.await();
                    for (int r = 0; r < rounds; r++) {
                        byte[] body = ("writer " + id + " round " + r).getBytes(StandardCharsets.UTF_8);
                        ObjectRecord rec = F.store.putObject(bucket, "hot/key", ObjectMetadata.EMPTY,
                                new ByteArrayInputStream(body), body.length);
                        written.add(rec.blob().id().value());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            w.start();
            workers.add(w);
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(threads * rounds, written.size());

        assertEquals(1L, Sql.count(F.db, "SELECT COUNT(*) FROM object WHERE bucket_id = ?", bucket.id()));
        String current = F.store.findObject(bucket, "hot/key").orElseThrow().blob().id().value();
        Set<String> queued = new HashSet<>();
        Sql.column(F.db, "SELECT blob_id FROM gc_queue").forEach(v -> queued.add((String) v));
        Set<String> others = new HashSet<>(written);
        others.remove(current);
        assertEquals(others, queued, "every superseded blob is queued exactly once, the current one is not");
        assertEquals(threads * rounds - 1L, Sql.count(F.db, "SELECT COUNT(*) FROM gc_queue"));
        assertEquals(new HashSet<>(written), F.blobs.ids(), "no blob lost or freed early");
    }
}
