package coffer.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.accounts.AccountInfo;
import coffer.storage.accounts.NewAccount;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StoreListingTest {
    private static final StoreFixture F = new StoreFixture("store_listing");
    private static final List<String> KEYS = List.of("a", "a/b", "a/b/c", "a/c", "a0", "a//d", "b/", "b/x/",
            "é", "é/x", "z", "\uFFFD", "𝄞", "𝄞/1", "photos/2024/jan/1.jpg", "photos/2024/jan/2.jpg",
            "photos/2024/feb/1.jpg", "photos/2025/a.jpg", "photos/index.html", "photosynthesis",
            "x-y-z", "x-y", "x", "\u0001ctl");
    private static Bucket bucket;

    @BeforeAll
    static void putKeys() throws IOException {
        AccountInfo a = F.store.accounts().create(NewAccount.named("listing")).account();
        bucket = F.store.createBucket(a.id(), "listing", "us-east-1");
        for (String k : KEYS) {
            F.store.putObject(PutObject.of(bucket, k, new ByteArrayInputStream(new byte[] {7}), 1).build());
        }
    }

    @Test
    void plainListingIsInUtf8ByteOrder() {
        ListPage page = F.store.listObjects(bucket, null, null, null, 1000);
        List<String> keys = page.contents().stream().map(ObjectRecord::key).toList();
        // Byte order: U+FFFD (EF BF BD) sorts before U+1D11E (F0 9D 84 9E), unlike Java's UTF-16 order.
        assertEquals(List.of("\u0001ctl", "a", "a//d", "a/b", "a/b/c", "a/c", "a0", "b/", "b/x/",
                "photos/2024/feb/1.jpg", "photos/2024/jan/1.jpg", "photos/2024/jan/2.jpg", "photos/2025/a.jpg",
                "photos/index.html", "photosynthesis", "x", "x-y", "x-y-z", "z", "é", "é/x", "\uFFFD", "𝄞",
                "𝄞/1"), keys);
        assertFalse(page.truncated());
        assertEquals("𝄞/1", page.lastReturned());
        assertTrue(page.commonPrefixes().isEmpty());
    }

    @Test
    void delimiterRollsUpAndPrefixNarrows() {
        ListPage root = F.store.listObjects(bucket, "", "/", null, 1000);
        assertEquals(List.of("\u0001ctl", "a", "a0", "photosynthesis", "x", "x-y", "x-y-z", "z", "é", "\uFFFD",
                "𝄞"), root.contents().stream().map(ObjectRecord::key).toList());
        assertEquals(List.of("a/", "b/", "photos/", "é/", "𝄞/"), root.commonPrefixes());

        ListPage photos = F.store.listObjects(bucket, "photos/", "/", null, 1000);
        assertEquals(List.of("photos/index.html"), photos.contents().stream().map(ObjectRecord::key).toList());
        assertEquals(List.of("photos/2024/", "photos/2025/"), photos.commonPrefixes());

        ListPage a = F.store.listObjects(bucket, "a/", "/", null, 1000);
        assertEquals(List.of("a//", "a/b/"), a.commonPrefixes());
        assertEquals(List.of("a/b", "a/c"), a.contents().stream().map(ObjectRecord::key).toList());

        ListPage multi = F.store.listObjects(bucket, "x", "-y", null, 1000);
        assertEquals(List.of("x"), multi.contents().stream().map(ObjectRecord::key).toList());
        assertEquals(List.of("x-y"), multi.commonPrefixes());
    }

    @Test
    void maxKeysZeroReturnsNothingAndIsNotTruncated() {
        ListPage page = F.store.listObjects(bucket, null, "/", null, 0);
        assertTrue(page.contents().isEmpty());
        assertTrue(page.commonPrefixes().isEmpty());
        assertFalse(page.truncated());
        assertNull(page.lastReturned());
    }

    @Test
    void agreesWithTheModelForManyParameterCombinations() {
        List<String> prefixes = new ArrayList<>(List.of("", "a", "a/", "photos/", "photos/2024/", "é", "𝄞", "x-",
                "nothing-here", "\uFFFD"));
        List<String> delimiters = List.of("", "/", "-", "/2", "é");
        List<String> starts = List.of("", "a", "a/", "a/b", "a0", "photos/2024/", "photos/2024/jan/1.jpg",
                "photos/2025/", "z", "\uFFFD", "𝄞", "zz", "\u0000");
        for (String prefix : prefixes) {
            for (String delimiter : delimiters) {
                for (String start : starts) {
                    for (int max : new int[] {1, 2, 3, 1000}) {
                        check(prefix, delimiter, start, max);
                    }
                }
            }
        }
    }

    @Test
    void pagingWithLastReturnedVisitsEverythingOnce() {
        for (String delimiter : new String[] {null, "/"}) {
            for (int max = 1; max <= 4; max++) {
                List<String> seen = new ArrayList<>();
                String after = null;
                int pages = 0;
                while (true) {
                    ListPage page = F.store.listObjects(bucket, null, delimiter, after, max);
                    pages++;
                    assertTrue(page.contents().size() + page.commonPrefixes().size() <= max);
                    page.contents().forEach(r -> seen.add(r.key()));
                    seen.addAll(page.commonPrefixes());
                    if (!page.truncated()) {
                        break;
                    }
                    after = page.lastReturned();
                }
                ListingModel.Expected all = ListingModel.list(KEYS, null, delimiter, null, 1000);
                List<String> expected = all.items().stream().map(ListingModel.Item::value).toList();
                assertEquals(expected, seen.stream().sorted(ListingModel.UTF8_ORDER).toList(),
                        "delimiter " + delimiter + " max " + max);
                assertEquals(expected.size(), seen.size());
                assertTrue(pages >= (expected.size() + max - 1) / max);
            }
        }
    }

    @Test
    void aMarkerInsideACommonPrefixSkipsThatPrefix() {
        ListPage page = F.store.listObjects(bucket, "photos/", "/", "photos/2024/jan/1.jpg", 1000);
        assertEquals(List.of("photos/2025/"), page.commonPrefixes());
        assertEquals(List.of("photos/index.html"), page.contents().stream().map(ObjectRecord::key).toList());
    }

    @Test
    void rollUpSkipsTheKeysUnderAPrefixInOneSeek() throws Exception {
        AccountInfo acc = F.store.accounts().create(NewAccount.named("crowded")).account();
        Bucket crowded = F.store.createBucket(acc.id(), "crowded", "us-east-1");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            keys.add(String.format("many/%05d", i));
        }
        keys.addAll(List.of("a", "many0", "z/1", "z/2"));
        BulkRows.insert(F.db, crowded.id(), keys);

        long before = handlerReads();
        ListPage page = F.store.listObjects(crowded, null, "/", null, 1000);
        long reads = handlerReads() - before;
        assertEquals(List.of("a", "many0"), page.contents().stream().map(ObjectRecord::key).toList());
        assertEquals(List.of("many/", "z/"), page.commonPrefixes());
        assertFalse(page.truncated());
        // Walking the prefix would read thousands of index entries; seeking past it reads a handful.
        assertTrue(reads < 200, "rows read: " + reads);

        ListPage paged = F.store.listObjects(crowded, null, "/", null, 2);
        assertEquals(List.of("a"), paged.contents().stream().map(ObjectRecord::key).toList());
        assertEquals(List.of("many/"), paged.commonPrefixes());
        assertTrue(paged.truncated());
        assertEquals("many/", paged.lastReturned());
        ListPage next = F.store.listObjects(crowded, null, "/", paged.lastReturned(), 2);
        assertEquals(List.of("many0"), next.contents().stream().map(ObjectRecord::key).toList());
        assertEquals(List.of("z/"), next.commonPrefixes());
        assertFalse(next.truncated());
    }

    private static long handlerReads() {
        return Sql.column(F.db, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME"
                + " IN ('HANDLER_READ_NEXT', 'HANDLER_READ_RND_NEXT', 'HANDLER_READ_KEY')").stream()
                .mapToLong(v -> Long.parseLong(String.valueOf(v))).sum();
    }

    private static void check(String prefix, String delimiter, String start, int max) {
        ListPage page = F.store.listObjects(bucket, prefix, delimiter, start, max);
        ListingModel.Expected expected = ListingModel.list(KEYS, prefix, delimiter, start, max);
        String what = "prefix=" + prefix + " delimiter=" + delimiter + " start=" + start + " max=" + max;
        assertEquals(expected.keys(), page.contents().stream().map(ObjectRecord::key).toList(), what);
        assertEquals(expected.prefixes(), page.commonPrefixes(), what);
        assertEquals(expected.truncated(), page.truncated(), what);
        String last = expected.items().isEmpty() ? null : expected.items().get(expected.items().size() - 1).value();
        assertEquals(last, page.lastReturned(), what);
    }
}
