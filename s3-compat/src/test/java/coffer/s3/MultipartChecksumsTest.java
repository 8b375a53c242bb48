package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.auth.BodyDigest;
import coffer.s3.auth.ChecksumAlgorithm;
import coffer.storage.ObjectChecksum;
import coffer.storage.ObjectEncryption;
import coffer.storage.ObjectMetadata;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.StoredBlob;
import coffer.storage.multipart.Upload;
import coffer.storage.multipart.UploadPart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartChecksumsTest {
    private static final Random RANDOM = new Random(3);

    private static Upload upload(String algorithm, String type) {
        return new Upload("u", 1, "k", Instant.EPOCH, ObjectMetadata.EMPTY, algorithm, type, "private", Map.of(),
                ObjectEncryption.SSE_S3);
    }

    private static byte[] digest(ChecksumAlgorithm a, byte[]... chunks) {
        BodyDigest d = a.newDigest();
        for (byte[] c : chunks) {
            d.update(c, 0, c.length);
        }
        return d.finish();
    }

    private static List<UploadPart> parts(ChecksumAlgorithm a, byte[]... chunks) {
        List<UploadPart> parts = new ArrayList<>();
        for (int i = 0; i < chunks.length; i++) {
            StoredBlob blob = new StoredBlob(new BlobId("0".repeat(31) + i), chunks[i].length, new byte[16], 1,
                    new byte[32]);
            parts.add(new UploadPart(i + 1, Instant.EPOCH, blob,
                    Base64.getEncoder().encodeToString(digest(a, chunks[i]))));
        }
        return parts;
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Test
    void fullObjectIsTheCrcOfTheWholeObject() {
        byte[] a = random(5000);
        byte[] b = random(5000);
        byte[] c = random(17);
        for (ChecksumAlgorithm alg : List.of(ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32C,
                ChecksumAlgorithm.CRC64NVME)) {
            ObjectChecksum sum = new MultipartChecksums().combine(upload(alg.wireName(), "FULL_OBJECT"),
                    parts(alg, a, b, c)).orElseThrow();
            assertEquals(new ObjectChecksum(alg.wireName(), "FULL_OBJECT",
                    Base64.getEncoder().encodeToString(digest(alg, a, b, c))), sum);
        }
    }

    @Test
    void compositeIsTheChecksumOfThePartChecksumsSuffixedWithTheCount() {
        byte[] a = random(100);
        byte[] b = random(200);
        ChecksumAlgorithm alg = ChecksumAlgorithm.SHA256;
        ObjectChecksum sum = new MultipartChecksums().combine(upload("SHA256", "COMPOSITE"), parts(alg, a, b))
                .orElseThrow();
        String expected = Base64.getEncoder().encodeToString(digest(alg, digest(alg, a), digest(alg, b))) + "-2";
        assertEquals(new ObjectChecksum("SHA256", "COMPOSITE", expected), sum);
    }

    @Test
    void anUploadWithoutAlgorithmIsCrc64NvmeFullObjectAndAMissingPartChecksumGivesNone() {
        byte[] a = random(10);
        List<UploadPart> parts = parts(ChecksumAlgorithm.CRC64NVME, a);
        assertEquals("FULL_OBJECT", new MultipartChecksums().combine(upload(null, null), parts).orElseThrow()
                .type());
        List<UploadPart> withGap = new ArrayList<>(parts);
        withGap.add(new UploadPart(2, Instant.EPOCH, parts.get(0).blob(), null));
        assertTrue(new MultipartChecksums().combine(upload(null, null), withGap).isEmpty());
    }
}
