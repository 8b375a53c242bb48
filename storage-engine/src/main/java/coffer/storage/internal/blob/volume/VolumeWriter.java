package coffer.storage.internal.blob.volume;

import coffer.storage.internal.blob.GroupCommit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one active volume: callers {@link #append} complete records (already encrypted and
 * checksummed) and wait on the returned future; one thread takes every record waiting, appends them in one
 * gathering write, makes them durable with ONE {@link FileChannel#force}, and only then completes all their
 * futures with their locations. Callers never force.
 *
 * <p>A volume that reaches the size limit is sealed (it was just forced) and the next batch goes to a new one; so
 * is one the compactor asks for ({@link #sealIfActive}), between two batches, when enough of it is garbage.
 * An {@link IOException} from the write or the force makes the volume {@link VolumeState#FAILED} for
 * good: the force is never retried (after a failed fsync the kernel may have dropped the dirty pages and a second
 * fsync would wrongly succeed), the batch's futures fail, and the next batch goes to a new volume. Records
 * acknowledged earlier stay readable. Thread-safe; {@link #close} fails whatever is still queued.
 */
final class VolumeWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeWriter.class);
    /** Bounds one batch, so that a flood of writers cannot make one gathering write (and its wait) unbounded. */
    private static final int MAX_BATCH_RECORDS = 1024;

    /** One record to append: its header, and {@code bytes} = header followed by payload. */
    record Append(VolumeRecord record, byte[] bytes, CompletableFuture<VolumeLocation> done) {
    }

    /** The compactor's request to seal the active volume if it is {@code volume}; completes with whether it did. */
    private record SealRequest(int volume, CompletableFuture<Boolean> done) {
    }

    private final VolumeDirectory directory;
    /** Told of every durable blob record before its volume can be sealed (see {@link #commit}). */
    private final BiConsumer<VolumeRecord, VolumeLocation> indexer;
    private final long volumeBytes;
    private final long maxBatchBytes;
    private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Queue<SealRequest> seals = new ConcurrentLinkedQueue<>();
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    /** Only the writer thread touches these two. */
    private VolumeDirectory.Created active;
    private long activeSize;

    VolumeWriter(VolumeDirectory directory, long volumeBytes, long maxBatchBytes, String name,
                 BiConsumer<VolumeRecord, VolumeLocation> indexer) {
        this.directory = directory;
        this.indexer = indexer;
        this.volumeBytes = volumeBytes;
        this.maxBatchBytes = maxBatchBytes;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the record; the future completes with its location once it is durable, or fails. */
    CompletableFuture<VolumeLocation> append(VolumeRecord record, byte[] bytes) {
        Append a = new Append(record, bytes, new CompletableFuture<>());
        queue.add(a);
        if (closing && queue.remove(a)) {
            a.done().completeExceptionally(new IOException("the volume writer is closed"));
        }
        return a.done();
    }

    /**
     * Asks the writer thread to seal its active volume, between two batches, if that is volume {@code volume}: the
     * future completes with true once it is sealed (and no further record will go into it), false when the writer
     * is on another volume, or none, or closed. Sealing needs no force: every record in the volume was forced
     * before its batch was acknowledged, and indexed before that, so compaction may take it as any sealed one.
     */
    CompletableFuture<Boolean> sealIfActive(int volume) {
        SealRequest r = new SealRequest(volume, new CompletableFuture<>());
        seals.add(r);
        if (closing && seals.remove(r)) {
            r.done().complete(false);
        }
        return r.done();
    }

    /** Forces done so far: one per batch that reached the disk. */
    long forces() {
        return forces.get();
    }

    /** Batches appended and forced. */
    long batches() {
        return batches.get();
    }

    /** Records waiting for the writer thread. */
    int queued() {
        return queue.size();
    }

    private void run() {
        List<Append> batch = new ArrayList<>();
        while (true) {
            handleSeals();
            long bytes;
            try {
                bytes = GroupCommit.gather(queue, batch, MAX_BATCH_RECORDS, maxBatchBytes, a -> a.bytes().length);
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
                commit(batch, bytes);
            } catch (RuntimeException | Error e) {
                fail(batch, new IOException("volume writer failed", e));
                LOG.error("volume writer failed on a batch of {} records", batch.size(), e);
            }
            batch.clear();
        }
    }

    private void commit(List<Append> batch, long total) {
        VolumeDirectory.Created volume;
        try {
            volume = activeVolume();
        } catch (IOException e) {
            LOG.error("cannot create a new volume: {}", e.toString());
            fail(batch, e);
            return;
        }
        ByteBuffer[] buffers = new ByteBuffer[batch.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.wrap(batch.get(i).bytes());
        }
        long start = activeSize;
        try {
            for (long written = 0; written < total; ) {
                written += volume.channel().write(buffers);
            }
            volume.channel().force(true);
            forces.incrementAndGet();
        } catch (IOException e) {
            LOG.error("volume {} is read-only from now on: appending or forcing failed ({}); {} unacknowledged "
                    + "writes fail, new writes go to a new volume", volume.number(), e.toString(), batch.size());
            retire(VolumeState.FAILED);
            fail(batch, new IOException("volume " + volume.number() + " failed; the write was not stored", e));
            return;
        }
        batches.incrementAndGet();
        activeSize = start + total;
        List<VolumeLocation> locations = new ArrayList<>(batch.size());
        long offset = start;
        for (Append a : batch) {
            VolumeLocation at = new VolumeLocation(volume.number(), offset, a.record().payloadLength());
            locations.add(at);
            // Indexed before the volume may be sealed: compaction only takes sealed volumes and copies only
            // indexed records, so a blob record must never sit in a sealed volume unindexed.
            if (a.record().type() == VolumeRecord.TYPE_BLOB) {
                indexer.accept(a.record(), at);
            }
            offset += a.bytes().length;
        }
        // Sealed before the writers hear back, so that what they see next (stats, a later write) agrees.
        if (activeSize >= volumeBytes) {
            LOG.info("volume {} sealed at {} bytes", volume.number(), activeSize);
            retire(VolumeState.SEALED);
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(locations.get(i));
        }
    }

    /** On the writer thread, between batches. */
    private void handleSeals() {
        for (SealRequest r; (r = seals.poll()) != null; ) {
            boolean mine = active != null && active.number() == r.volume();
            if (mine) {
                LOG.info("volume {} sealed at {} bytes for compaction: its dead share reached the threshold",
                        active.number(), activeSize);
                retire(VolumeState.SEALED);
            }
            r.done().complete(mine);
        }
    }

    private VolumeDirectory.Created activeVolume() throws IOException {
        if (active == null) {
            active = directory.create();
            activeSize = 0;
        }
        return active;
    }

    /** Stops appending to the active volume; the next batch creates a new one. */
    private void retire(VolumeState state) {
        directory.setState(active.number(), state);
        try {
            active.channel().close();
        } catch (IOException e) {
            LOG.warn("closing volume {} failed: {}", active.number(), e.toString());
        }
        active = null;
    }

    private static void fail(List<Append> batch, IOException e) {
        for (Append a : batch) {
            a.done().completeExceptionally(e);
        }
    }

    /** Lets the writer finish what is queued, then stops it; later appends fail. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Append> left = new ArrayList<>();
        queue.drainTo(left);
        fail(left, new IOException("the volume writer is closed"));
        for (SealRequest r; (r = seals.poll()) != null; ) {
            r.done().complete(false);
        }
        if (active != null && !thread.isAlive()) {
            retire(VolumeState.SEALED);
        }
    }
}
