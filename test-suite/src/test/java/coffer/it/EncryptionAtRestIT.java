package coffer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import coffer.it.support.BlobFiles;
import coffer.it.support.FileContentSearch;
import coffer.it.support.GatewayExtension;
import coffer.it.support.LoopbackClients;
import coffer.it.support.TestGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Encryption at rest, seen from outside: after uploads of known plaintext, no file of the gateway or of its MariaDB
 * holds that plaintext or the account's secret key; and a blob file damaged on disk is never served as if it were
 * intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptionAtRestIT {
    private static final String BUCKET = "sealed";
    /** Blob file format version 1 (docs/storage-format.md): a 62-byte header, then 65536 + 16 byte segments. */
    private static final int HEADER_BYTES = 62;
    private static final int SEGMENT_PLAINTEXT = 65536;
    private static final int SEGMENT_ON_DISK = SEGMENT_PLAINTEXT + 16;

    private final SecureRandom random = new SecureRandom();
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    private S3Client s3;
    private S3Client s3WhenRequired;
    /** Reads damaged objects: no retries, a short read timeout (see damageFoundMidStreamBreaksTheConnectionAtOnce). */
    private S3Client damagedReads;
    private Path blobDir;

    @BeforeAll
    void start() throws Exception {
        s3 = gateway.s3();
        s3WhenRequired = gateway.s3WhenRequired();
        damagedReads = noRetries(Duration.ofSeconds(5));
        s3.createBucket(b -> b.bucket(BUCKET));
        blobDir = gateway.dataDir().resolve("blobs");
    }

    @AfterAll
    void stop() {
        if (damagedReads != null) {
            damagedReads.close();
        }
    }

    @Test
    void noPlaintextOnDiskAndNoSecretKeyOutsideTheCredentialsFile() throws Exception {
        String marker = "COFFER-PLAINTEXT-MARKER-" + HexFormat.of().formatHex(bytes(8));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("small", 300);
        sizes.put("segment-minus-1", SEGMENT_PLAINTEXT - 1);
        sizes.put("segment", SEGMENT_PLAINTEXT);
        sizes.put("segment-plus-1", SEGMENT_PLAINTEXT + 1);
        sizes.put("three-mib", 3 * 1024 * 1024 + 17);
        long total = 0;
        int i = 0;
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            byte[] content = repeated(marker, e.getValue());
            // both body paths: aws-chunked with a CRC32 trailer, and a plain signed body
            S3Client client = i++ % 2 == 0 ? s3 : s3WhenRequired;
            client.putObject(b -> b.bucket(BUCKET).key("plain/" + e.getKey()), RequestBody.fromBytes(content));
            assertArrayEquals(content, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("plain/" + e.getKey()))
                    .asByteArray(), e.getKey());
            total += content.length;
        }
        // The data is on disk under the data directory (so its absence as plaintext means something).
        long onDisk = BlobFiles.totalBytes(BlobFiles.snapshot(blobDir));
        assertTrue(onDisk >= total, "blob files hold " + onDisk + " bytes for " + total + " bytes of objects");

        Map<String, byte[]> patterns = new LinkedHashMap<>();
        patterns.put("plaintext marker", ascii(marker));
        patterns.putAll(secretKeyPatterns());

        // The search must find what is there, even across two reads, or its empty result would mean nothing.
        Path probe = Files.createTempFile(Path.of("target"), "probe-", ".bin");
        try {
            byte[] straddling = new byte[2 * FileContentSearch.CHUNK];
            System.arraycopy(ascii(marker), 0, straddling, FileContentSearch.CHUNK - 7, marker.length());
            Files.write(probe, straddling);
            assertEquals(List.of("plaintext marker"), FileContentSearch.patternsIn(probe, patterns));
        } finally {
            Files.delete(probe);
        }

        // The first account's credentials file is the one place that holds the secret by design (mode 0600);
        // the issue asks for it (mode 0600), so that the person who started the gateway can find the keys.
        Path credentials = gateway.dataDir().resolve("credentials");
        List<FileContentSearch.Hit> hits = searchDataAndDatabase(patterns).stream()
                .filter(h -> !h.file().equals(credentials) || h.pattern().equals("plaintext marker"))
                .toList();
        assertEquals(List.of(), hits, "plaintext or secrets found on disk");
        if (Files.exists(credentials)) {
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(credentials));
        }
    }

    /** Every file of the gateway's data directory and of the shared MariaDB (binaries, data, logs). */
    private List<FileContentSearch.Hit> searchDataAndDatabase(Map<String, byte[]> patterns) throws IOException {
        FileContentSearch.Result data = FileContentSearch.search(gateway.dataDir(), patterns);
        Path mariadb = Path.of("target", "mariadb").toAbsolutePath();
        FileContentSearch.Result db = FileContentSearch.search(mariadb, patterns);
        assertTrue(data.files() > 0, "files scanned under the data directory: " + data.files());
        assertTrue(Files.isDirectory(mariadb.resolve("data")) && db.files() > 0,
                "files scanned under " + mariadb + ": " + db.files());
        List<FileContentSearch.Hit> hits = new ArrayList<>(data.hits());
        hits.addAll(db.hits());
        return hits;
    }

    private static Map<String, byte[]> secretKeyPatterns() {
        Map<String, byte[]> patterns = new LinkedHashMap<>();
        byte[] secret = ascii(TestGateway.SECRET_KEY);
        patterns.put("secret key", secret);
        patterns.put("secret key in hex", ascii(HexFormat.of().formatHex(secret)));
        patterns.put("secret key in base64", ascii(Base64.getEncoder().encodeToString(secret)));
        return patterns;
    }

    @Test
    void flippedByteInTheMiddleOfABlobIsNeverServed() throws Exception {
        for (int size : new int[] {40_000, 3 * 1024 * 1024 + 5}) {
            String key = "tamper/middle-" + size;
            byte[] content = bytes(size);
            BlobFiles.Blob blob = putAndFindBlob(key, content);
            assertEquals(HEADER_BYTES + size + 16L * segments(size), blob.length(), "blob file length");
            long offset = blob.length() / 2;
            BlobFiles.flipByte(blob.file(), blob.at(offset));

            assertGetFails(key, content, Optional.empty());
            // A range read of the damaged segment must fail too.
            long segment = (offset - HEADER_BYTES) / SEGMENT_ON_DISK;
            long first = segment * SEGMENT_PLAINTEXT;
            long last = Math.min(size, first + SEGMENT_PLAINTEXT) - 1;
            assertGetFails(key, Arrays.copyOfRange(content, (int) first, (int) last + 1),
                    Optional.of("bytes=" + first + "-" + last));
        }
    }

    @Test
    void flippedByteInTheHeaderIsNeverServed() throws Exception {
        // magic, version, algorithm, segment size, blob id, part number, key commitment (first and last byte)
        for (int offset : new int[] {0, 4, 5, 8, 17, 28, 30, 61}) {
            String key = "tamper/header-" + offset;
            byte[] content = bytes(100_000 + offset);
            BlobFiles.Blob blob = putAndFindBlob(key, content);
            BlobFiles.flipByte(blob.file(), blob.at(offset));
            assertGetFails(key, content, Optional.empty());
        }
    }

    @Test
    void damageFoundMidStreamBreaksTheConnectionAtOnce() throws Exception {
        String key = "tamper/mid-stream";
        byte[] content = bytes(3 * 1024 * 1024);
        BlobFiles.Blob blob = putAndFindBlob(key, content);
        BlobFiles.flipByte(blob.file(), blob.at(blob.length() - 100)); // last segment: most of the body goes first
        try (S3Client patient = noRetries(Duration.ofSeconds(60))) {
            long start = System.nanoTime();
            assertGetFails(patient, key, content, Optional.empty());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0,
                    "the client waited " + took + " for the rest of a body that the gateway had given up on");
        }
    }

    private S3Client noRetries(Duration readTimeout) {
        return LoopbackClients.builder(gateway.endpoint(), false, readTimeout)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** Small objects land in a volume (docs/architecture.md), larger ones in a file of their own. */
    private BlobFiles.Blob putAndFindBlob(String key, byte[] content) throws IOException {
        Map<Path, BlobFiles.State> before = BlobFiles.snapshot(blobDir);
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
        BlobFiles.Blob blob = BlobFiles.theOneWrittenBlob(before, BlobFiles.snapshot(blobDir),
                HEADER_BYTES + content.length + 16L * segments(content.length));
        assertArrayEquals(content, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray(),
                "intact object reads back");
        return blob;
    }

    /**
     * A damaged object must end in an S3 500 InternalError before the body, or in a broken body stream; it must
     * never complete as a success, least of all with bytes other than the original ones.
     */
    private void assertGetFails(String key, byte[] original, Optional<String> range) {
        assertGetFails(damagedReads, key, original, range);
    }

    private static void assertGetFails(S3Client client, String key, byte[] original, Optional<String> range) {
        String what = "GET " + key + range.map(r -> " " + r).orElse("");
        byte[] served;
        try (ResponseInputStream<GetObjectResponse> in =
                     client.getObject(b -> b.bucket(BUCKET).key(key).range(range.orElse(null)))) {
            served = in.readAllBytes();
        } catch (S3Exception e) {
            assertEquals(500, e.statusCode(), what + ": " + e.getMessage());
            assertEquals("InternalError", e.awsErrorDetails().errorCode(), what);
            return;
        } catch (SdkClientException | IOException | UncheckedIOException e) {
            return; // the stream broke off: the client knows the body is incomplete
        }
        fail(what + " of a tampered blob succeeded with " + served.length + " bytes, "
                + (Arrays.equals(served, original) ? "equal to the original" : "DIFFERENT from the original"));
    }

    private static long segments(long size) {
        return Math.max(1, (size + SEGMENT_PLAINTEXT - 1) / SEGMENT_PLAINTEXT);
    }

    private static byte[] repeated(String marker, int size) {
        byte[] unit = ascii(marker);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = unit[i % unit.length];
        }
        return out;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
