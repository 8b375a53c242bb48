package coffer.storage.internal.blob.s3;

import coffer.storage.blob.BlobId;
import coffer.storage.internal.blob.GroupCommit;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit to the object store: callers {@link #append} complete records (a volume record header and an
 * encrypted blob, docs/storage-format.md section 3) and wait on the returned future; each uploader thread takes
 * every record waiting (up to the pack size or {@value #MAX_PACK_RECORDS} records), PUTs them as ONE pack object
 * {@code packs/<pack id>}, records the pack and its blobs in the catalog's pack index in ONE transaction, and only
 * then completes all their futures. So N writers arriving together cost one backend request and one catalog
 * commit, not N. A failed PUT (after the backend client's bounded retries) or index transaction fails the whole
 * batch: nothing of it was acknowledged, and the pack object, if stored, is deleted again (or left for the orphan
 * sweep of compaction). Several uploader threads let batches overlap the round trip. Thread-safe.
 */
final class PackWriter implements AutoCloseable {
    static final String PACK_PREFIX = "packs/";
    private static final Logger LOG = LoggerFactory.getLogger(PackWriter.class);
    private static final int MAX_PACK_RECORDS = 1024;

    /** One record waiting: its blob, the record's bytes, and the caller's future. */
    private record Append(BlobId id, byte[] record, CompletableFuture<PackEntry> done) {
    }

    private final S3Backend backend;
    private final PackIndex index;
    private final Clock clock;
    private final SecureRandom random;
    private final int maxPackBytes;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong packs = new AtomicLong();
    private volatile boolean closing;

    PackWriter(S3Backend backend, PackIndex index, Clock clock, SecureRandom random, int maxPackBytes, int uploaders) {
        this.backend = backend;
        this.index = index;
        this.clock = clock;
        this.random = random;
        this.maxPackBytes = maxPackBytes;
        for (int i = 0; i < uploaders; i++) {
            Thread t = new Thread(this::run, "coffer-s3-pack-writer-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
    }

    /** Queues {@code record} (blob {@code id}); the future completes with its place once pack and index are stored. */
    CompletableFuture<PackEntry> append(BlobId id, byte[] record) {
        Append a = new Append(id, record, new CompletableFuture<>());
        queue.add(a);
        if (closing && queue.remove(a)) {
            a.done().completeExceptionally(new IOException("the pack writer is closed"));
        }
        return a.done();
    }

    /** Pack objects stored so far (each one backend PUT and one catalog transaction). */
    long packs() {
        return packs.get();
    }

    /** A new pack object's id: 32 hex characters, random, so gateways never collide. */
    String newPackId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void run() {
        List<Append> batch = new ArrayList<>();
        while (true) {
            long bytes;
            try {
                bytes = GroupCommit.gather(queue, batch, MAX_PACK_RECORDS, maxPackBytes, a -> a.record().length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (bytes < 0) {
                if (closing) {
                    return;
                }
                continue;
            }
            try {
                commit(batch, (int) bytes);
            } catch (IOException | RuntimeException | Error e) {
                for (Append a : batch) {
                    a.done().completeExceptionally(e);
                }
            }
            batch.clear();
        }
    }

    private void commit(List<Append> batch, int total) throws IOException {
        byte[] pack = new byte[total];
        List<PackEntry> entries = new ArrayList<>(batch.size());
        String packId = newPackId();
        int offset = 0;
        for (Append a : batch) {
            System.arraycopy(a.record(), 0, pack, offset, a.record().length);
            entries.add(new PackEntry(a.id(), packId, offset, a.record().length));
            offset += a.record().length;
        }
        String name = PACK_PREFIX + packId;
        backend.put(name, pack, total);
        // After the acknowledgement, and rounded up: never earlier than the last byte's write (orphan sweep).
        Instant stored = clock.instant().plusMillis(1);
        try {
            index.addPack(packId, total, stored, entries);
        } catch (RuntimeException e) {
            LOG.warn("pack {} was stored but could not be indexed; its {} writes fail: {}", packId, batch.size(),
                    e.toString());
            try {
                backend.delete(name);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the orphan sweep deletes it later
            }
            throw e;
        }
        packs.incrementAndGet();
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(entries.get(i));
        }
    }

    /** Lets the uploaders finish what is queued, then stops them; later appends fail. */
    @Override
    public void close() {
        closing = true;
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.MINUTES.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Append> left = new ArrayList<>();
        queue.drainTo(left);
        for (Append a : left) {
            a.done().completeExceptionally(new IOException("the pack writer is closed"));
        }
    }
}
