package coffer.storage.internal.blob.s3;

import coffer.storage.internal.blob.volume.VolumeRecord;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Gives back the space of deleted packed blobs (docs/storage-format.md section 4, "Compaction"):
 * <ol>
 *   <li>a pack with no live blob left: its object is deleted, then its index row;</li>
 *   <li>a pack whose dead share reached the threshold: it is read once, its live records (each checked: header CRC,
 *   id, payload CRC) are copied byte for byte into a new pack, which is PUT; then one catalog transaction records the
 *   new pack and moves each blob still in the old pack to its copy (compare-and-set on the old pack id, so a blob
 *   deleted meanwhile stays deleted and a second compactor racing on the same pack moves nothing); then the old
 *   object and row go. A reader that looked the blob up in the old pack and finds it gone looks it up again.</li>
 *   <li>every {@link #ORPHAN_SWEEP_EVERY} passes, pack objects the index does not know and older than
 *   {@link #ORPHAN_AGE} (a pack stored but never indexed: its writes failed) are deleted.</li>
 * </ol>
 * A damaged record is not copied and is logged; its blob then reads as missing, as reconciliation will report.
 * Only one compaction runs at a time in a process; across gateways the compare-and-set keeps it safe.
 */
final class PackCompactor {
    static final Duration ORPHAN_AGE = Duration.ofHours(1);
    static final int ORPHAN_SWEEP_EVERY = 60;
    private static final Logger LOG = LoggerFactory.getLogger(PackCompactor.class);
    private static final int MAX_PACKS_PER_PASS = 100;

    private final S3Backend backend;
    private final PackIndex index;
    private final PackWriter packs;
    private final Clock clock;
    private final double deadShare;
    private int passes;

    PackCompactor(S3Backend backend, PackIndex index, PackWriter packs, Clock clock, double deadShare) {
        this.backend = backend;
        this.index = index;
        this.packs = packs;
        this.clock = clock;
        this.deadShare = deadShare;
    }

    synchronized int compact() throws IOException {
        int done = 0;
        for (PackRow pack : index.compactionCandidates(deadShare, MAX_PACKS_PER_PASS)) {
            if (pack.liveBlobs() == 0) {
                dropEmpty(pack.packId());
            } else {
                rewrite(pack);
            }
            done++;
        }
        if (passes++ % ORPHAN_SWEEP_EVERY == 0) {
            sweepOrphans(clock.instant().minus(ORPHAN_AGE));
        }
        return done;
    }

    private void dropEmpty(String packId) throws IOException {
        backend.delete(PackWriter.PACK_PREFIX + packId);
        index.dropEmpty(packId);
    }

    private void rewrite(PackRow pack) throws IOException {
        List<PackEntry> live = index.entriesOf(pack.packId());
        byte[] old;
        try {
            old = backend.getBytes(PackWriter.PACK_PREFIX + pack.packId(), 0, pack.totalBytes() - 1);
        } catch (NoSuchFileException e) {
            LOG.warn("pack {} named by the index is missing from the blob store; its blobs are lost (reconciliation"
                    + " reports them)", pack.packId());
            return;
        }
        String newPack = packs.newPackId();
        byte[] out = new byte[(int) live.stream().mapToLong(PackEntry::recordLength).sum()];
        List<PackEntry> copies = new ArrayList<>();
        int at = 0;
        for (PackEntry e : live) {
            if (!intact(old, e)) {
                LOG.error("pack {}: the record of blob {} at {} is damaged; it is not copied", pack.packId(),
                        e.blobId(), e.recordOffset());
                continue;
            }
            System.arraycopy(old, (int) e.recordOffset(), out, at, e.recordLength());
            copies.add(new PackEntry(e.blobId(), newPack, at, e.recordLength()));
            at += e.recordLength();
        }
        if (!copies.isEmpty()) {
            backend.put(PackWriter.PACK_PREFIX + newPack, out, at);
            int moved = index.move(pack.packId(), newPack, at, clock.instant().plusMillis(1), copies);
            LOG.info("pack {} compacted into {}: {} of {} live blobs moved, {} of {} bytes kept", pack.packId(),
                    newPack, moved, live.size(), at, pack.totalBytes());
        }
        if (copies.size() == live.size()) {
            dropEmpty(pack.packId()); // a damaged record keeps its pack for the operator
        }
    }

    private static boolean intact(byte[] pack, PackEntry e) {
        int offset = (int) e.recordOffset();
        if (offset < 0 || offset + (long) e.recordLength() > pack.length) {
            return false;
        }
        Optional<VolumeRecord> header = VolumeRecord.parse(pack, offset);
        return header.isPresent() && header.get().id().equals(e.blobId())
                && header.get().recordLength() == e.recordLength()
                && header.get().payloadMatches(pack, offset + VolumeRecord.HEADER_LENGTH,
                e.recordLength() - VolumeRecord.HEADER_LENGTH);
    }

    /** Deletes pack objects the index does not know that are older than {@code before}. */
    void sweepOrphans(Instant before) throws IOException {
        int swept = 0;
        try (Stream<S3Object> objects = backend.list(PackWriter.PACK_PREFIX)) {
            for (S3Object o : (Iterable<S3Object>) objects::iterator) {
                String packId = backend.nameOf(o).substring(PackWriter.PACK_PREFIX.length());
                if (o.lastModified().isBefore(before) && !index.hasPack(packId)) {
                    backend.delete(PackWriter.PACK_PREFIX + packId);
                    swept++;
                }
            }
        }
        if (swept > 0) {
            LOG.info("deleted {} pack objects that were stored but never indexed", swept);
        }
    }
}
