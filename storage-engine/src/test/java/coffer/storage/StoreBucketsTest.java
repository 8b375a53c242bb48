package coffer.storage;

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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreBucketsTest {
    private static final StoreFixture F = new StoreFixture("store_buckets");
    private final Store store = F.store;

    @Test
    void createFindAndListInNameOrder() {
        AccountInfo a = store.accounts().create(NewAccount.named("lister")).account();
        AccountInfo b = store.accounts().create(NewAccount.named("other-lister")).account();
        Bucket zeta = store.createBucket(a.id(), "zeta-bucket", "us-east-1");
        Bucket alpha = store.createBucket(a.id(), "alpha-bucket", "eu-west-1");
        store.createBucket(b.id(), "beta-bucket", "us-east-1");
        assertEquals(List.of(alpha, zeta), store.listBuckets(a.id()));
        assertEquals(Optional.of(alpha), store.findBucket("alpha-bucket"));
        assertEquals("eu-west-1", store.findBucket("alpha-bucket").orElseThrow().region());
        assertEquals(a.id(), zeta.ownerId());
        assertEquals(Optional.empty(), store.findBucket("no-such-bucket"));
    }

    @Test
    void bucketDocumentsAreKeptPerKindAndGoWithTheBucket() {
        AccountInfo a = store.accounts().create(NewAccount.named("documents")).account();
        Bucket b = store.createBucket(a.id(), "documented", "us-east-1");
        BucketSettings settings = store.bucketSettings();
        assertEquals(Optional.empty(), settings.document(b, "ownership"));
        settings.putDocument(b, "ownership", "ObjectWriter");
        settings.putDocument(b, "ownership", "BucketOwnerEnforced");
        settings.putDocument(b, "tagging", "<Tagging>\u00e9</Tagging>");
        assertEquals(Optional.of("BucketOwnerEnforced"), settings.document(b, "ownership"));
        assertEquals(Optional.of("<Tagging>\u00e9</Tagging>"), settings.document(b, "tagging"));
        settings.deleteDocument(b, "ownership");
        settings.deleteDocument(b, "ownership");
        assertEquals(Optional.empty(), settings.document(b, "ownership"));
        assertTrue(settings.document(b, "tagging").isPresent());
        store.deleteBucket(b);
        StoreException e = assertThrows(StoreException.class, () -> settings.putDocument(b, "tagging", "x"));
        assertEquals(Reason.NO_SUCH_BUCKET, e.reason());
        assertEquals(Optional.empty(), settings.document(b, "tagging"));
    }

    @Test
    void nameConflictsSayWhoOwnsTheBucket() {
        AccountInfo a = store.accounts().create(NewAccount.named("owner")).account();
        AccountInfo b = store.accounts().create(NewAccount.named("intruder")).account();
        store.createBucket(a.id(), "taken", "us-east-1");
        assertEquals(Reason.BUCKET_ALREADY_OWNED_BY_YOU,
                assertThrows(StoreException.class, () -> store.createBucket(a.id(), "taken", "us-east-1")).reason());
        assertEquals(Reason.BUCKET_ALREADY_EXISTS,
                assertThrows(StoreException.class, () -> store.createBucket(b.id(), "taken", "us-east-1")).reason());
        assertEquals(Reason.NO_SUCH_ACCOUNT,
                assertThrows(StoreException.class, () -> store.createBucket(424242, "orphan", "us-east-1")).reason());
    }

    @Test
    void onlyEmptyBucketsCanBeDeleted() throws IOException {
        AccountInfo a = store.accounts().create(NewAccount.named("deleter")).account();
        Bucket bucket = store.createBucket(a.id(), "to-delete", "us-east-1");
        store.putObject(PutObject.of(bucket, "k", new ByteArrayInputStream(new byte[] {1}), 1).build());
        assertEquals(Reason.BUCKET_NOT_EMPTY,
                assertThrows(StoreException.class, () -> store.deleteBucket(bucket)).reason());
        assertTrue(store.findBucket("to-delete").isPresent());
        store.deleteObject(bucket, "k", DeleteCondition.NONE);
        store.deleteBucket(bucket);
        assertEquals(Optional.empty(), store.findBucket("to-delete"));
        assertEquals(Reason.NO_SUCH_BUCKET,
                assertThrows(StoreException.class, () -> store.deleteBucket(bucket)).reason());
        // The name is free again, for anyone.
        AccountInfo b = store.accounts().create(NewAccount.named("reuser")).account();
        assertEquals(b.id(), store.createBucket(b.id(), "to-delete", "us-east-1").ownerId());
    }

    @Test
    void putIntoADeletedBucketFailsAndLeavesNoBlob() throws IOException {
        AccountInfo a = store.accounts().create(NewAccount.named("late-writer")).account();
        Bucket bucket = store.createBucket(a.id(), "gone-soon", "us-east-1");
        store.deleteBucket(bucket);
        Set<String> before = F.blobs.ids();
        StoreException e = assertThrows(StoreException.class, () -> store.putObject(PutObject.of(bucket, "k",
                new ByteArrayInputStream(new byte[] {1, 2}), 2).build()));
        assertEquals(Reason.NO_SUCH_BUCKET, e.reason());
        assertEquals(before, F.blobs.ids());
    }

    @Test
    void concurrentCreatesOfOneNameHaveOneWinner() throws Exception {
        AccountInfo a = store.accounts().create(NewAccount.named("racer-a")).account();
        AccountInfo b = store.accounts().create(NewAccount.named("racer-b")).account();
        int threads = 6;
        List<Thread> workers = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Object> outcomes = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            long owner = i % 2 == 0 ? a.id() : b.id();
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    outcomes.add(store.createBucket(owner, "contested", "us-east-1"));
                } catch (StoreException e) {
                    outcomes.add(e.reason());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            workers.add(t);
        }
        go.countDown();
        for (Thread t : workers) {
            t.join();
        }
        assertEquals(threads, outcomes.size());
        assertEquals(1, outcomes.stream().filter(o -> o instanceof Bucket).count());
        assertFalse(outcomes.contains(Reason.INTERNAL));
        assertFalse(outcomes.contains(Reason.UNAVAILABLE));
    }
}
