package coffer.storage.internal.blob.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction of one volume at a time (docs/storage-format.md section 3, "Compaction"): a sealed or failed volume
 * {@code v} whose dead share reached the threshold is copied, live records and the tombstones still needed, byte
 * for byte (a payload does not depend on where it sits) into {@code <n>.vol.compact} with a fresh number {@code n},
 * which is forced and renamed to {@code <n>.vol} (directory forced). Only then does the index move each blob still
 * living in {@code v} to its copy; then {@code v} is deleted (directory forced).
 *
 * <p>Never changed: a blob's data is in {@code v} until its copy is durable under its final name, so a crash
 * leaves {@code v} alone (plus a {@code .compact} file that the next start deletes) or {@code v} and {@code n}
 * both, where the scan at start lets the higher volume win. Readers never wait: one that looked a blob up in
 * {@code v} and opened it keeps reading the unlinked file; one that had not opened it yet finds the file gone and
 * looks again ({@link VolumeBlobEngine}). A delete during compaction appends its tombstone to an active volume as
 * always and applies to every copy; if it lands before the move, the copy is counted dead at once.
 *
 * <p>Not thread-safe: one compaction at a time ({@link VolumeBlobEngine} serializes them). Writers go on
 * appending to the active volumes throughout.
 */
final class VolumeCompactor {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeCompactor.class);

    /** The points between compaction's durable steps; tests stop there to play a crash. */
    enum Step {
        /** The copy is written and forced as {@code <n>.vol.compact}, not renamed yet. */
        COPIED,
        /** The copy is {@code <n>.vol}, durable; the index still points into the old volume. */
        INSTALLED,
        /** The index points at the copy; the old volume is not deleted yet. */
        SWITCHED
    }

    /** Called at each {@link Step}; production passes a no-op. */
    @FunctionalInterface
    interface Steps {
        void reached(Step step, int from, int to) throws IOException;
    }

    private final VolumeDirectory directory;
    private final VolumeIndex index;
    private final Steps steps;
    /** Volumes found damaged: left for the operator (scrub reports them), never compacted by this process. */
    private final Set<Integer> damaged = ConcurrentHashMap.newKeySet();

    VolumeCompactor(VolumeDirectory directory, VolumeIndex index, Steps steps) {
        this.directory = directory;
        this.index = index;
        this.steps = steps;
    }

    /**
     * Read-only volumes whose dead share is at least {@code threshold}, oldest first: old volumes hold the records
     * that later volumes' tombstones kill, and once those are gone the tombstones can go too.
     */
    List<Integer> candidates(List<VolumeStats> stats, double threshold) {
        return stats.stream()
                .filter(s -> s.state() != VolumeState.ACTIVE && s.deadShare() >= threshold && s.deadBytes() > 0)
                .filter(s -> !damaged.contains(s.volume()))
                .sorted(Comparator.comparingInt(VolumeStats::volume))
                .map(VolumeStats::volume)
                .toList();
    }

    /** Compacts volume {@code from}; empty when it holds damage (it is then left alone for good). */
    Optional<VolumeCompaction> compact(int from) throws IOException {
        int to = directory.reserveNumber();
        long before = Files.size(directory.path(from));
        long[] counts = new long[2];
        boolean wrote;
        try (FileChannel in = FileChannel.open(directory.path(from), StandardOpenOption.READ);
             FileChannel out = FileChannel.open(directory.compactionPath(to), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            boolean[] bad = new boolean[1];
            VolumeScanner.Result scan = new VolumeScanner().scan(in, (record, offset, intact) -> {
                if (keep(record, offset, from)) {
                    bad[0] |= !intact;
                    copy(in, offset, record.recordLength(), out);
                    counts[record.type() == VolumeRecord.TYPE_BLOB ? 0 : 1]++;
                }
            });
            // A torn tail (a failed volume's last batch, never acknowledged, never indexed) is simply not copied.
            if (bad[0] || !scan.damage().isEmpty()) {
                damaged.add(from);
                LOG.error("volume {} holds damage: not compacted (run a scrub to see which objects)", from);
                out.close();
                Files.deleteIfExists(directory.compactionPath(to));
                return Optional.empty();
            }
            out.force(true);
            wrote = out.size() > 0;
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(directory.compactionPath(to));
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(directory.compactionPath(to));
            throw e;
        }
        steps.reached(Step.COPIED, from, to);
        if (wrote) {
            directory.install(to);
            steps.reached(Step.INSTALLED, from, to);
            switchIndex(from, to);
        } else {
            Files.delete(directory.compactionPath(to));
        }
        steps.reached(Step.SWITCHED, from, to);
        directory.delete(from);
        index.dropVolume(from);
        long after = wrote ? Files.size(directory.path(to)) : 0;
        VolumeCompaction result = new VolumeCompaction(from, wrote ? to : 0, before, after, counts[0], counts[1]);
        LOG.info("volume {} compacted into {}: {} -> {} bytes, {} blobs moved, {} tombstones kept", from,
                wrote ? to : "nothing", before, after, counts[0], counts[1]);
        return Optional.of(result);
    }

    /**
     * A blob record is kept while it is its blob's live record. A tombstone is kept while its blob may still
     * have a record anywhere else: live (a delete whose index update has not happened yet) or dead in another
     * volume. Dropping it then would bring the blob back at the next start.
     */
    private boolean keep(VolumeRecord record, long offset, int from) {
        if (record.type() == VolumeRecord.TYPE_BLOB) {
            return index.get(record.id())
                    .filter(at -> at.volume() == from && at.offset() == offset)
                    .isPresent();
        }
        return index.get(record.id()).isPresent() || index.hasDeadCopyOutside(record.id(), from);
    }

    /** Moves every blob that still lives in {@code from} to its copy in {@code to}, by reading the copy's records. */
    private void switchIndex(int from, int to) throws IOException {
        try (FileChannel copy = FileChannel.open(directory.path(to), StandardOpenOption.READ)) {
            new VolumeScanner().scan(copy, (record, offset, intact) -> {
                if (record.type() == VolumeRecord.TYPE_TOMBSTONE) {
                    index.addKeptTombstone(record.id(), to);
                    return;
                }
                VolumeLocation at = new VolumeLocation(to, offset, record.payloadLength());
                if (!index.moveIfIn(record.id(), from, at)) {
                    // Deleted while we copied: its tombstone is durable elsewhere and applies to this copy too.
                    index.addDeadRecord(record.id(), at);
                }
            });
        }
    }

    private static void copy(FileChannel in, long offset, long length, FileChannel out) {
        try {
            for (long done = 0; done < length; ) {
                done += in.transferTo(offset + done, length - done, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
