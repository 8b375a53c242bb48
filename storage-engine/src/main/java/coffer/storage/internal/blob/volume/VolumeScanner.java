package coffer.storage.internal.blob.volume;

import coffer.storage.blob.BlobId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads a volume file from the start and checks every record's header CRC and payload CRC, without any key.
 *
 * <p>A bad record (header or payload CRC fails, or the file ends inside it) is a <em>torn tail</em> when no valid
 * record follows it: normally it was being appended when the process or machine stopped, so never acknowledged
 * (a device that lost forced writes can tear an acknowledged one: only reconciliation against the catalog can
 * tell), and the scan reports the offset to cut at. A bad record followed by a valid one is <em>damage</em>: it is reported,
 * and the scan resumes at the next valid record; nothing is ever cut past a valid record. Finding "the next valid
 * record" searches for the magic and checks both CRCs there. Stateless; thread-safe.
 */
public final class VolumeScanner {
    private static final int CHUNK = 64 * 1024;

    /** Receives each record found, in file order. {@code intact} is false for a damaged record whose header is valid. */
    @FunctionalInterface
    public interface Visitor {
        void record(VolumeRecord record, long offset, boolean intact);
    }

    /** A region of a volume that holds no valid record; {@code id} when its header was still readable. */
    public record Damage(long offset, long length, Optional<BlobId> id, String problem) {
    }

    /**
     * @param keepLength  the length of the valid prefix: the file's length unless there is a torn tail
     * @param tornBytes   bytes after {@code keepLength} that belong to a record that never completed
     * @param damage      bad regions before {@code keepLength}
     * @param records     valid records found
     */
    public record Result(long keepLength, long tornBytes, List<Damage> damage, long records) {
        public Result {
            damage = List.copyOf(damage);
        }
    }

    private enum Kind { VALID, BAD_HEADER, CUT, BAD_PAYLOAD }

    private record Probe(Kind kind, VolumeRecord record) {
    }

    /** Scans all of {@code channel}, calling {@code visitor} for every record with a valid header. */
    public Result scan(FileChannel channel, Visitor visitor) throws IOException {
        long size = channel.size();
        long position = 0;
        long records = 0;
        List<Damage> damage = new ArrayList<>();
        byte[] buffer = new byte[CHUNK];
        while (position < size) {
            Probe probe = probe(channel, position, size, buffer);
            if (probe.kind() == Kind.VALID) {
                visitor.record(probe.record(), position, true);
                records++;
                position += probe.record().recordLength();
                continue;
            }
            long next = findNextValid(channel, position + 1, size, buffer);
            if (next < 0) {
                return new Result(position, size - position, damage, records);
            }
            if (probe.kind() == Kind.BAD_PAYLOAD) {
                visitor.record(probe.record(), position, false);
                damage.add(new Damage(position, next - position, Optional.of(probe.record().id()),
                        "payload CRC mismatch"));
            } else {
                damage.add(new Damage(position, next - position, Optional.empty(),
                        probe.kind() == Kind.CUT ? "record runs into the next one" : "unreadable record header"));
            }
            position = next;
        }
        return new Result(size, 0, damage, records);
    }

    /**
     * Whether the record at {@code offset} is intact (both CRCs) and belongs to blob {@code id}: a check of one
     * stored blob without any key.
     */
    public boolean verify(FileChannel channel, long offset, BlobId id) throws IOException {
        Probe probe = probe(channel, offset, channel.size(), new byte[CHUNK]);
        return probe.kind() == Kind.VALID && probe.record().id().equals(id)
                && probe.record().type() == VolumeRecord.TYPE_BLOB;
    }

    private static Probe probe(FileChannel channel, long position, long size, byte[] buffer) throws IOException {
        if (size - position < VolumeRecord.HEADER_LENGTH) {
            return new Probe(Kind.CUT, null);
        }
        readFully(channel, position, buffer, VolumeRecord.HEADER_LENGTH);
        Optional<VolumeRecord> parsed = VolumeRecord.parse(buffer, 0);
        if (parsed.isEmpty()) {
            return new Probe(Kind.BAD_HEADER, null);
        }
        VolumeRecord record = parsed.get();
        if (record.recordLength() > size - position) {
            return new Probe(Kind.CUT, record);
        }
        // The payload CRC is computed chunk by chunk: a record is never held whole.
        CRC32C crc = new CRC32C();
        long at = position + VolumeRecord.HEADER_LENGTH;
        long left = record.payloadLength();
        while (left > 0) {
            int n = (int) Math.min(left, buffer.length);
            readFully(channel, at, buffer, n);
            crc.update(buffer, 0, n);
            at += n;
            left -= n;
        }
        return new Probe((int) crc.getValue() == record.payloadCrc() ? Kind.VALID : Kind.BAD_PAYLOAD, record);
    }

    private static long findNextValid(FileChannel channel, long from, long size, byte[] buffer) throws IOException {
        byte[] magic = VolumeRecord.MAGIC;
        byte[] window = new byte[CHUNK];
        for (long start = from; start + magic.length <= size; start += CHUNK - magic.length + 1) {
            int n = (int) Math.min(CHUNK, size - start);
            readFully(channel, start, window, n);
            for (int i = 0; i + magic.length <= n; i++) {
                if (window[i] == magic[0] && window[i + 1] == magic[1] && window[i + 2] == magic[2]
                        && window[i + 3] == magic[3]
                        && probe(channel, start + i, size, buffer).kind() == Kind.VALID) {
                    return start + i;
                }
            }
        }
        return -1;
    }

    private static void readFully(FileChannel channel, long position, byte[] into, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(into, 0, length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException("volume ended while reading at " + position);
            }
        }
    }
}
