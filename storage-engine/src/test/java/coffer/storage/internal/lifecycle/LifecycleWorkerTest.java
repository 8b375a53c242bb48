package coffer.storage.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.storage.Bucket;
import coffer.storage.ObjectVersion;
import coffer.storage.PutObject;
import coffer.storage.Store;
import coffer.storage.VersionPage;
import coffer.storage.Versioning;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.lifecycle.LifecycleConfiguration;
import coffer.storage.lifecycle.LifecycleDays;
import coffer.storage.lifecycle.LifecycleFilter;
import coffer.storage.lifecycle.LifecycleRule;
import coffer.storage.quota.UsageDrift;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The worker against a real catalog (MariaDB) and the fixture's clock: a round cut short (as by a crash or a lost
 * lease) is finished by the next one and nothing is done twice; two workers at once (two gateways overlapping
 * during a lease hand-over) still act once; usage stays exact.
 */
class LifecycleWorkerTest {
    private static final StoreFixture F = new StoreFixture("lifecycle_worker");
    private final Store store = F.store;

    private Bucket versionedBucket(String account, String name) {
        AccountInfo a = store.accounts().create(NewAccount.named(account)).account();
        Bucket b = store.createBucket(a.id(), name, "us-east-1");
        store.bucketSettings().setVersioning(b, Versioning.ENABLED);
        return store.findBucket(name).orElseThrow().withVersioning(Versioning.ENABLED);
    }

    private void put(Bucket b, String key, int size) throws IOException {
        store.putObject(PutObject.of(b, key, new ByteArrayInputStream(new byte[size]), size).build());
    }

    private List<ObjectVersion> versions(Bucket b) {
        List<ObjectVersion> all = new ArrayList<>();
        String key = null;
        String version = null;
        VersionPage page;
        do {
            page = store.listVersions(b, null, null, key, version, 1000);
            all.addAll(page.versions());
            key = page.nextKeyMarker();
            version = page.nextVersionIdMarker();
        } while (page.truncated());
        return all;
    }

    private void assertNoDrift(Bucket b) {
        UsageDrift drift = store.quotas().reconcile(b.ownerId(), "x");
        assertEquals(drift.actualBytes(), drift.recordedBytes(), drift.toString());
        assertEquals(drift.actualObjects(), drift.recordedObjects(), drift.toString());
    }

    @Test
    void aRoundCutShortIsFinishedByTheNextAndNothingIsDoneTwice() throws IOException {
        Bucket b = versionedBucket("lc-resume", "lc-resume");
        for (int i = 0; i < 25; i++) {
            put(b, String.format("k%02d", i), 100);
        }
        store.bucketSettings().putLifecycle(b, new LifecycleConfiguration(List.of(new LifecycleRule("r", true,
                LifecycleFilter.ALL, 1, null, null, null, null, null))));
        F.clock.advance(Duration.ofDays(3));

        // The lease is lost after the bucket's first page of 10 versions (checked between pages): the round stops.
        LifecycleWorker.Round first = new LifecycleWorker(store, F.clock, LifecycleDays.DAY, 10)
                .run(() -> versions(b).stream().noneMatch(ObjectVersion::deleteMarker));
        assertEquals(10, first.expired() - 0);
        // Another gateway (a new worker, nothing kept) finishes it; a third round finds nothing to do.
        assertEquals(15, new LifecycleWorker(store, F.clock, LifecycleDays.DAY, 10).run(() -> true).expired());
        assertEquals(0, new LifecycleWorker(store, F.clock, LifecycleDays.DAY, 10).run(() -> true).actions());

        List<ObjectVersion> all = versions(b);
        assertEquals(25, all.stream().filter(ObjectVersion::deleteMarker).count(), "one marker per key");
        assertEquals(25, all.stream().filter(v -> !v.deleteMarker()).count(), "every version kept, noncurrent");
        assertNoDrift(b);
    }

    @Test
    void twoWorkersAtOnceActOnce() throws Exception {
        Bucket b = versionedBucket("lc-overlap", "lc-overlap");
        for (int i = 0; i < 40; i++) {
            for (int v = 0; v < 3; v++) {
                put(b, String.format("k%02d", i), 1000 + v);
            }
        }
        store.bucketSettings().putLifecycle(b, new LifecycleConfiguration(List.of(new LifecycleRule("r", true,
                LifecycleFilter.ALL, 1, null, null, 1, null, null))));
        F.clock.advance(Duration.ofDays(3));

        CompletableFuture<LifecycleWorker.Round> one = CompletableFuture.supplyAsync(
                () -> new LifecycleWorker(store, F.clock, LifecycleDays.DAY, 7).run(() -> true));
        CompletableFuture<LifecycleWorker.Round> two = CompletableFuture.supplyAsync(
                () -> new LifecycleWorker(store, F.clock, LifecycleDays.DAY, 7).run(() -> true));
        LifecycleWorker.Round r1 = one.get();
        LifecycleWorker.Round r2 = two.get();
        assertEquals(40, r1.expired() + r2.expired(), "each current version expired once");

        // The versions that were noncurrent before are gone; each key keeps its expired version and one marker.
        List<ObjectVersion> all = versions(b);
        assertEquals(40, all.stream().filter(ObjectVersion::deleteMarker).count(), "one marker per key");
        List<ObjectVersion> kept = all.stream().filter(v -> !v.deleteMarker()).toList();
        assertEquals(40, kept.size());
        assertEquals(List.of(1002L), kept.stream().map(v -> v.object().size()).distinct().toList());
        assertNoDrift(b);
    }

    @Test
    void aLockedVersionIsSkippedNotDeleted() throws Exception {
        Bucket b = versionedBucket("lc-locked", "lc-locked");
        store.objectLocks().enableObjectLock(b);
        put(b, "k", 10);
        put(b, "k", 20);
        put(b, "k", 30);
        ObjectVersion held = versions(b).stream().filter(v -> v.object().size() == 10).findFirst().orElseThrow();
        store.objectLocks().setLegalHold(b, "k", held.versionId(), true);
        store.bucketSettings().putLifecycle(b, new LifecycleConfiguration(List.of(new LifecycleRule("r", true,
                LifecycleFilter.ALL, null, null, null, 1, null, null))));
        F.clock.advance(Duration.ofDays(3));

        LifecycleWorker.Round round = new LifecycleWorker(store, F.clock, LifecycleDays.DAY, 10).run(() -> true);
        assertEquals(1, round.skipped(), "the held version is refused by the engine's delete path");
        assertEquals(List.of(30L, 10L), versions(b).stream().map(v -> v.object().size()).toList());
        assertNoDrift(b);
    }
}
