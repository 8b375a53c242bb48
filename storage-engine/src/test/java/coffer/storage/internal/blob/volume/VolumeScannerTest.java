package coffer.storage.internal.blob.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.blob.BlobId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeScannerTest {
    @TempDir
    Path dir;

    private final Random random = new Random(42);
    private final List<BlobId> ids = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();

    /** A volume of {@code count} blob records of {@code size} bytes each, plus one tombstone at the end. */
    private byte[] volume(int count, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            BlobId id = BlobId.random(new java.security.SecureRandom());
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            ids.add(id);
            offsets.add((long) out.size());
            out.writeBytes(VolumeRecord.blob(id, payload, 0, size).encode());
            out.writeBytes(payload);
        }
        offsets.add((long) out.size());
        out.writeBytes(VolumeRecord.tombstone(ids.get(0)).encode());
        return out.toByteArray();
    }

    private record Seen(VolumeRecord record, long offset, boolean intact) {
    }

    private VolumeScanner.Result scan(byte[] bytes, List<Seen> seen) throws IOException {
        Path file = dir.resolve("v.vol");
        Files.write(file, bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new VolumeScanner().scan(ch, (r, o, intact) -> seen.add(new Seen(r, o, intact)));
        }
    }

    @Test
    void findsEveryRecordOfAnIntactVolume() throws IOException {
        byte[] bytes = volume(5, 3000);
        List<Seen> seen = new ArrayList<>();

        VolumeScanner.Result result = scan(bytes, seen);

        assertEquals(new VolumeScanner.Result(bytes.length, 0, List.of(), 6), result);
        for (int i = 0; i < 5; i++) {
            assertEquals(ids.get(i), seen.get(i).record().id());
            assertEquals(offsets.get(i), seen.get(i).offset());
            assertTrue(seen.get(i).intact());
        }
        assertEquals(VolumeRecord.TYPE_TOMBSTONE, seen.get(5).record().type());
    }

    @Test
    void aRecordCutInItsPayloadIsATornTail() throws IOException {
        byte[] whole = volume(3, 3000);
        long lastBlob = offsets.get(2);
        byte[] cut = Arrays.copyOf(whole, (int) lastBlob + 36 + 1000);
        List<Seen> seen = new ArrayList<>();

        VolumeScanner.Result result = scan(cut, seen);

        assertEquals(lastBlob, result.keepLength());
        assertEquals(36 + 1000, result.tornBytes());
        assertEquals(List.of(), result.damage());
        assertEquals(2, seen.size());
    }

    @Test
    void aRecordCutInItsHeaderIsATornTail() throws IOException {
        byte[] whole = volume(2, 100);
        long tombstone = offsets.get(2);
        VolumeScanner.Result result = scan(Arrays.copyOf(whole, (int) tombstone + 20), new ArrayList<>());

        assertEquals(tombstone, result.keepLength());
        assertEquals(20, result.tornBytes());
    }

    @Test
    void aBadLastRecordAndZerosAfterItAreATornTail() throws IOException {
        byte[] whole = volume(3, 3000);
        byte[] padded = Arrays.copyOf(whole, whole.length + 8192);
        int lastBlobPayload = (int) (offsets.get(2) + 36);
        padded[lastBlobPayload + 10] ^= 0x40;
        // The tombstone after it is damaged too: only zeros and garbage follow the bad record.
        padded[(int) (long) offsets.get(3)] ^= 1;

        VolumeScanner.Result result = scan(padded, new ArrayList<>());

        assertEquals(offsets.get(2), result.keepLength());
        assertEquals(padded.length - offsets.get(2), result.tornBytes());
        assertEquals(List.of(), result.damage());
    }

    @Test
    void aBadPayloadInTheMiddleIsDamageAndTheScanGoesOn() throws IOException {
        byte[] bytes = volume(4, 3000);
        bytes[(int) (offsets.get(1) + 36 + 2999)] ^= 1;
        List<Seen> seen = new ArrayList<>();

        VolumeScanner.Result result = scan(bytes, seen);

        assertEquals(bytes.length, result.keepLength());
        assertEquals(0, result.tornBytes());
        assertEquals(List.of(new VolumeScanner.Damage(offsets.get(1), 36 + 3000, Optional.of(ids.get(1)),
                "payload CRC mismatch")), result.damage());
        assertEquals(4, result.records(), "valid records: the damaged one is not counted");
        assertFalse(seen.get(1).intact());
        assertEquals(ids.get(3), seen.get(3).record().id());
    }

    @Test
    void aBadHeaderInTheMiddleIsDamageUpToTheNextValidRecord() throws IOException {
        byte[] bytes = volume(4, 3000);
        bytes[(int) (offsets.get(2) + 30)] ^= 1;
        List<Seen> seen = new ArrayList<>();

        VolumeScanner.Result result = scan(bytes, seen);

        assertEquals(bytes.length, result.keepLength());
        assertEquals(List.of(new VolumeScanner.Damage(offsets.get(2), 36 + 3000, Optional.empty(),
                "unreadable record header")), result.damage());
        assertEquals(List.of(ids.get(0), ids.get(1), ids.get(3)),
                seen.stream().filter(s -> s.record().type() == VolumeRecord.TYPE_BLOB).map(s -> s.record().id())
                        .toList());
    }

    @Test
    void findsTheNextRecordAcrossSearchWindows() throws IOException {
        // Records larger than the 64 KiB search window: the next valid record is found past several windows.
        byte[] bytes = volume(3, 200_000);
        bytes[(int) (long) offsets.get(0)] ^= 1;

        VolumeScanner.Result result = scan(bytes, new ArrayList<>());

        assertEquals(1, result.damage().size());
        assertEquals(offsets.get(1), result.damage().get(0).length());
        assertEquals(3, result.records());
    }

    @Test
    void verifiesOneRecordWithoutKeys() throws IOException {
        byte[] bytes = volume(2, 500);
        bytes[(int) (offsets.get(1) + 36 + 7)] ^= 1;
        Path file = dir.resolve("w.vol");
        Files.write(file, bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            VolumeScanner scanner = new VolumeScanner();
            assertTrue(scanner.verify(ch, offsets.get(0), ids.get(0)));
            assertFalse(scanner.verify(ch, offsets.get(0), ids.get(1)), "another blob's record");
            assertFalse(scanner.verify(ch, offsets.get(1), ids.get(1)), "damaged payload");
            assertFalse(scanner.verify(ch, offsets.get(2), ids.get(0)), "a tombstone is not the blob");
        }
    }
}
