package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class StoreCopyAndConditionsTest {
    private static final StoreFixture F = new StoreFixture("store_copy");
    private final Store store = F.store;
    private final Bucket bucket;

    StoreCopyAndConditionsTest() {
        AccountInfo a = store.accounts().create(NewAccount.named("copy-" + System.nanoTime())).account();
        bucket = store.createBucket(a.id(), "copy-" + System.nanoTime(), "us-east-1");
    }

    @Test
    void copiesShareBlobsAndGcFreesOnlyUnreferencedOnes() throws IOException {
        ObjectRecord src = put("src", "shared bytes");
        ObjectMetadata md = new ObjectMetadata("text/plain", null, null, null, null, null, Map.of("k", "v"));
        ObjectRecord copy = store.copyObject(CopyObject.of(src, bucket, "dst").metadata(md).build());
        assertEquals(src.blob(), copy.blob());
        assertEquals(src.etag(), copy.etag());
        assertEquals(md, store.findObject(bucket, "dst").orElseThrow().metadata());

        store.deleteObject(bucket, "src", DeleteCondition.NONE);
        store.collectGarbage(1000, farFuture()); // other tests share the queue: count nothing
        assertTrue(F.blobs.exists(src.blob().id()), "the copy still names the blob");
        assertEquals("shared bytes", text(store.findObject(bucket, "dst").orElseThrow()));

        store.deleteObject(bucket, "dst", DeleteCondition.NONE);
        store.collectGarbage(1000, farFuture());
        assertFalse(F.blobs.exists(src.blob().id()));
    }

    @Test
    void copyOntoItselfReplacesMetadataAndKeepsTheBlob() throws IOException {
        ObjectRecord src = put("self", "mtime");
        ObjectMetadata md = new ObjectMetadata(null, null, null, null, null, null, Map.of("mtime", "17"));
        store.copyObject(CopyObject.of(src, bucket, "self").metadata(md).build());
        ObjectRecord now = store.findObject(bucket, "self").orElseThrow();
        assertEquals(md, now.metadata());
        assertEquals(src.blob(), now.blob());
        store.collectGarbage(1000, farFuture());
        assertEquals("mtime", text(now));
    }

    @Test
    void copyOfAReplacedSourceIsRefused() throws IOException {
        ObjectRecord stale = put("moving", "v1");
        put("moving", "v2");
        assertEquals(Reason.SOURCE_CHANGED, assertThrows(StoreException.class,
                () -> store.copyObject(CopyObject.of(stale, bucket, "x").metadata(ObjectMetadata.EMPTY)
                        .build())).reason());
        store.deleteObject(bucket, "moving", DeleteCondition.NONE);
        assertEquals(Reason.NO_SUCH_KEY, assertThrows(StoreException.class,
                () -> store.copyObject(CopyObject.of(stale, bucket, "x").metadata(ObjectMetadata.EMPTY)
                        .build())).reason());
    }

    @Test
    void conditionalPutsDecideOnTheCurrentRowAndDropTheirBlob() throws IOException {
        ObjectRecord first = put("cond", "one");
        Set<String> before = F.blobs.ids();
        assertReason(Reason.PRECONDITION_FAILED, "cond", new WriteCondition(true, null));
        assertReason(Reason.PRECONDITION_FAILED, "cond", new WriteCondition(false, "0123"));
        assertReason(Reason.NO_SUCH_KEY, "absent", new WriteCondition(false, first.etag()));
        assertEquals(before, F.blobs.ids(), "refused writes leave no blob behind");

        ObjectRecord second = store.putObject(PutObject.of(bucket, "cond", body("two"), 3)
                .condition(new WriteCondition(false, first.etag())).build());
        assertEquals("two", text(second));
        store.putObject(PutObject.of(bucket, "fresh", body("new"), 3).condition(new WriteCondition(true, null))
                .build());
    }

    @Test
    void racingCreateOnlyPutsHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 15; round++) {
            String key = "race-" + round;
            List<Object> outcomes = race(6, i -> store.putObject(PutObject.of(bucket, key, body("w" + i), 2)
                    .condition(new WriteCondition(true, null)).build()));
            assertEquals(1, outcomes.stream().filter(o -> o instanceof ObjectRecord).count(), outcomes::toString);
            assertTrue(outcomes.stream().allMatch(o -> o instanceof ObjectRecord || o == Reason.PRECONDITION_FAILED
                    || o == Reason.CONDITIONAL_REQUEST_CONFLICT), outcomes::toString);
        }
    }

    @Test
    void racingIfMatchPutsHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 15; round++) {
            String key = "cas-" + round;
            ObjectRecord base = put(key, "base");
            List<Object> outcomes = race(6, i -> store.putObject(PutObject.of(bucket, key, body("w" + i), 2)
                    .condition(new WriteCondition(false, base.etag())).build()));
            assertEquals(1, outcomes.stream().filter(o -> o instanceof ObjectRecord).count(), outcomes::toString);
            assertTrue(outcomes.stream().allMatch(o -> o instanceof ObjectRecord || o == Reason.PRECONDITION_FAILED
                    || o == Reason.CONDITIONAL_REQUEST_CONFLICT), outcomes::toString);
        }
    }

    @FunctionalInterface
    interface Attempt {
        ObjectRecord run(int i) throws IOException;
    }

    /** Runs {@code n} attempts at once; each outcome is the record or the StoreException's reason. */
    private static List<Object> race(int n, Attempt attempt) throws InterruptedException {
        ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    outcomes.add(attempt.run(id));
                } catch (StoreException e) {
                    outcomes.add(e.reason());
                } catch (Exception e) {
                    outcomes.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return new ArrayList<>(outcomes);
    }

    private void assertReason(Reason reason, String key, WriteCondition condition) {
        StoreException e = assertThrows(StoreException.class,
                () -> store.putObject(PutObject.of(bucket, key, body("xyz"), 3).condition(condition).build()));
        assertEquals(reason, e.reason());
    }

    @Test
    void conditionalDeletesCheckEtagLastModifiedAndSizeOnTheLockedRow() throws IOException {
        ObjectRecord r = put("cond-delete", "twelve bytes");
        for (DeleteCondition refused : List.of(new DeleteCondition("0".repeat(32), null, null),
                new DeleteCondition(null, r.lastModified().minusSeconds(1), null),
                new DeleteCondition(null, null, 11L),
                new DeleteCondition(r.etag(), null, 13L))) {
            StoreException e = assertThrows(StoreException.class,
                    () -> store.deleteObject(bucket, "cond-delete", refused), refused.toString());
            assertEquals(Reason.PRECONDITION_FAILED, e.reason());
            assertTrue(store.findObject(bucket, "cond-delete").isPresent());
        }
        // Last-Modified is compared to the second, as an HTTP date carries it.
        store.deleteObject(bucket, "cond-delete", new DeleteCondition(r.etag(),
                r.lastModified().plusMillis(999 - r.lastModified().getNano() / 1_000_000), 12L));
        assertTrue(store.findObject(bucket, "cond-delete").isEmpty());
        // A missing key is no error, whatever the condition.
        store.deleteObject(bucket, "cond-delete", new DeleteCondition("0".repeat(32), null, 1L));
        put("cond-delete", "again");
        store.deleteObject(bucket, "cond-delete", new DeleteCondition(WriteCondition.ANY, null, null));
        assertTrue(store.findObject(bucket, "cond-delete").isEmpty());
    }

    private ObjectRecord put(String key, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return store.putObject(PutObject.of(bucket, key, new ByteArrayInputStream(b), b.length).build());
    }

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private String text(ObjectRecord r) throws IOException {
        try (InputStream in = store.openObject(r, 0, r.size() - 1, null)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static java.time.Instant farFuture() {
        return F.clock.instant().plus(StoreFixture.GRACE).plus(Duration.ofMinutes(1));
    }
}
