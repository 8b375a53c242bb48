package coffer.storage.internal.blob.volume;

import coffer.storage.blob.BlobId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery: scans every volume in number order, cuts a torn tail (a record that is incomplete on disk)
 * and logs how many bytes were cut, logs damage without touching it, and rebuilds the
 * {@link VolumeIndex}. Tombstones are applied after all volumes are read, because with several active volumes a
 * blob's tombstone may sit in a lower-numbered volume than the blob. Not thread-safe: runs once, before writes.
 */
final class VolumeRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRecovery.class);

    private record Tombstone(BlobId id, int volume, long length) {
    }

    private VolumeRecovery() {
    }

    /**
     * What a cut tail is known to be: incomplete on disk, nothing more. Normally it is the batch being appended when
     * the process stopped, never acknowledged; but a device that lost writes it had reported forced leaves the same
     * picture after an acknowledged record. Either way the catalog knows: a blob it still names is reported missing
     * by reconciliation, so the log points there instead of guessing.
     */
    static String tornTailMessage() {
        return "volume {}: cut {} bytes of an incomplete record at offset {}; normally a write that was never"
                + " acknowledged, but if the device lost forced writes it may have been: reconciliation reports any"
                + " blob the catalog still names";
    }

    static List<VolumeScanReport> recover(VolumeDirectory directory, VolumeIndex index) throws IOException {
        List<VolumeScanReport> reports = new ArrayList<>();
        List<Tombstone> tombstones = new ArrayList<>();
        VolumeScanner scanner = new VolumeScanner();
        for (int number : directory.existing()) {
            try (FileChannel ch = FileChannel.open(directory.path(number), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                VolumeScanner.Result result = scanner.scan(ch, (record, offset, intact) -> {
                    if (record.type() == VolumeRecord.TYPE_TOMBSTONE) {
                        tombstones.add(new Tombstone(record.id(), number, record.recordLength()));
                    } else {
                        // A damaged record stays indexed, so that reading it says "corrupted", not "missing".
                        index.put(record.id(), new VolumeLocation(number, offset, record.payloadLength()));
                    }
                });
                if (result.tornBytes() > 0) {
                    ch.truncate(result.keepLength());
                    ch.force(true);
                    LOG.warn(tornTailMessage(), number, result.tornBytes(), result.keepLength());
                }
                for (VolumeScanner.Damage d : result.damage()) {
                    LOG.error("volume {}: DAMAGE at offset {}, {} bytes ({}{}); left in place", number, d.offset(),
                            d.length(), d.problem(), d.id().map(id -> ", blob " + id).orElse(""));
                }
                reports.add(new VolumeScanReport(number, result));
            }
            directory.setState(number, VolumeState.SEALED);
        }
        tombstones.forEach(t -> index.remove(t.id()));
        // Only now is it known which blobs still have a record elsewhere, which their tombstones must outlive.
        for (Tombstone t : tombstones) {
            if (index.get(t.id()).isPresent() || index.hasDeadCopyOutside(t.id(), t.volume())) {
                index.addKeptTombstone(t.id(), t.volume());
            } else {
                index.addDead(t.volume(), t.length());
            }
        }
        LOG.info("volumes: {} scanned, {} live blobs indexed", reports.size(), index.size());
        return List.copyOf(reports);
    }
}
