package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.StoreException.Reason;
import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreObjectsTest {
    private static final StoreFixture F = new StoreFixture("store_objects");
    private final Store store = F.store;
    private final Bucket bucket;

    StoreObjectsTest() {
        AccountInfo a = store.accounts().create(NewAccount.named("objects-" + System.nanoTime())).account();
        bucket = store.createBucket(a.id(), "objects-" + System.nanoTime(), "us-east-1");
    }

    @Test
    void putThenFindAndReadRanges() throws Exception {
        byte[] body = "hello, catalog".getBytes(StandardCharsets.UTF_8);
        Map<String, String> user = new LinkedHashMap<>();
        user.put("Mtime", "1700000000.5");
        user.put("note", "a=b&c%d é 𝄞 \"quoted\"\nline");
        ObjectMetadata md = new ObjectMetadata("text/plain; charset=utf-8", "attachment; filename=\"x.txt\"",
                "gzip", "fr-CH", "max-age=60", "Wed, 21 Oct 2015 07:28:00 GMT", user);
        ObjectRecord put = store.putObject(PutObject.of(bucket, "dir/hello.txt", new ByteArrayInputStream(body),
                body.length).metadata(md).build());

        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        assertEquals(md5, put.etag());
        assertEquals(body.length, put.size());
        assertEquals(F.clock.instant().truncatedTo(ChronoUnit.MILLIS), put.lastModified());
        assertEquals(Map.of("mtime", "1700000000.5", "note", "a=b&c%d é 𝄞 \"quoted\"\nline"),
                put.metadata().userMetadata());

        ObjectRecord found = store.findObject(bucket, "dir/hello.txt").orElseThrow();
        assertEquals(put, found);
        assertEquals(md, found.metadata());
        try (InputStream in = store.openObject(found, 7, 13, null)) {
            assertEquals("catalog", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        try (InputStream in = store.openObject(found, 0, body.length - 1, null)) {
            assertArrayEquals(body, in.readAllBytes());
        }
        assertEquals(Optional.empty(), store.findObject(bucket, "dir/hello.txt2"));
    }

    @Test
    void emptyObjectsAndAbsentHeaders() throws IOException {
        ObjectRecord put = store.putObject(PutObject.of(bucket, "empty", InputStream.nullInputStream(), 0).build());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", put.etag());
        ObjectRecord found = store.findObject(bucket, "empty").orElseThrow();
        assertEquals(ObjectMetadata.EMPTY, found.metadata());
        try (InputStream in = store.openObject(found, 0, -1, null)) {
            assertEquals(0, in.readAllBytes().length);
        }
        assertTrue(Sql.column(F.db, "SELECT user_metadata FROM object WHERE bucket_id = ?", bucket.id())
                .stream().allMatch(v -> v == null));
    }

    @Test
    void overwriteEnqueuesTheOldBlobAndGcFreesItAfterTheGrace() throws IOException {
        ObjectRecord first = put("over", "one");
        F.clock.advance(Duration.ofSeconds(1));
        ObjectRecord second = put("over", "two!");
        assertEquals(second, store.findObject(bucket, "over").orElseThrow());
        assertTrue(queued().contains(first.blob().id().value()));
        assertFalse(queued().contains(second.blob().id().value()));
        assertTrue(F.blobs.exists(first.blob().id()));

        assertEquals(0, store.collectGarbage(100), "nothing is due before the grace has passed");
        assertTrue(F.blobs.exists(first.blob().id()));

        F.clock.advance(StoreFixture.GRACE);
        int freed = store.collectGarbage(1000);
        assertTrue(freed >= 1);
        assertFalse(F.blobs.exists(first.blob().id()));
        assertTrue(F.blobs.exists(second.blob().id()));
        assertFalse(queued().contains(first.blob().id().value()));
        assertEquals(0, store.collectGarbage(1000));
    }

    @Test
    void deleteEnqueuesTheBlobAndMissingKeysAreFine() throws IOException {
        ObjectRecord r = put("doomed", "bye");
        store.deleteObject(bucket, "doomed", DeleteCondition.NONE);
        assertEquals(Optional.empty(), store.findObject(bucket, "doomed"));
        assertTrue(queued().contains(r.blob().id().value()));
        store.deleteObject(bucket, "doomed", DeleteCondition.NONE);
        store.deleteObject(bucket, "never-existed", DeleteCondition.NONE);
        assertEquals(1, queued().stream().filter(r.blob().id().value()::equals).count());
    }

    @Test
    void streamFailuresPropagateUnchangedAndLeaveNothing() throws IOException {
        Set<String> before = F.blobs.ids();
        IOException boom = new IOException("client went away");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw boom;
            }
        };
        assertSame(boom, assertThrows(IOException.class,
                () -> store.putObject(PutObject.of(bucket, "broken", failing, 10).build())));
        assertThrows(BodyLengthMismatchException.class, () -> store.putObject(PutObject.of(bucket, "short",
                new ByteArrayInputStream(new byte[3]), 10).build()));
        assertEquals(before, F.blobs.ids());
        assertEquals(Optional.empty(), store.findObject(bucket, "broken"));
    }

    @Test
    void keysLongerThan1024BytesAreRefusedBeforeAnyWrite() throws IOException {
        Set<String> before = F.blobs.ids();
        String longKey = "é".repeat(513); // 1026 bytes
        assertEquals(Reason.KEY_TOO_LONG, assertThrows(StoreException.class,
                () -> store.putObject(PutObject.of(bucket, longKey, new ByteArrayInputStream(new byte[1]), 1)
                .build())).reason());
        assertEquals(before, F.blobs.ids());
        String maxKey = "k".repeat(1024);
        put(maxKey, "fits");
        assertEquals(maxKey, store.findObject(bucket, maxKey).orElseThrow().key());
    }

    @Test
    void keysAreExactBytesNotCollatedStrings() throws IOException {
        put("Case", "upper");
        put("case", "lower");
        put("case ", "trailing space");
        put("cafe\u0301", "combining");
        put("café", "precomposed");
        assertEquals("upper", read("Case"));
        assertEquals("lower", read("case"));
        assertEquals("trailing space", read("case "));
        assertEquals("combining", read("cafe\u0301"));
        assertEquals("precomposed", read("café"));
    }

    private ObjectRecord put(String key, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return store.putObject(PutObject.of(bucket, key, new ByteArrayInputStream(bytes), bytes.length).build());
    }

    private String read(String key) throws IOException {
        ObjectRecord r = store.findObject(bucket, key).orElseThrow();
        try (InputStream in = store.openObject(r, 0, r.size() - 1, null)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> queued() {
        return Sql.column(F.db, "SELECT blob_id FROM gc_queue ORDER BY id").stream().map(String::valueOf).toList();
    }
}
