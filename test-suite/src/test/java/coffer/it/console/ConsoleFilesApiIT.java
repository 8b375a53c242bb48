package coffer.it.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.gateway.config.ConsoleConfig;
import coffer.it.console.ConsoleHttp.Answer;
import coffer.it.support.GatewayExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The files page's API against a real gateway (docs/console.md, "Files"): multipart uploads (open, parts, list for
 * resume, complete, abort), listing pages, downloads with ranges, deleting many, renames and moves, folders,
 * buckets deleted when empty, the quota refused before an upload starts, CSRF on every new state change, and
 * another account's bucket refused on every route. Usage is checked exact after each step (no drift).
 */
class ConsoleFilesApiIT {
    private static final String PASSWORD = "files api password";
    private static final int MIB = 1024 * 1024;

    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder()
            .settings((dir, config) -> config.console(ConsoleConfig.ephemeral()))
            .build();

    private static ConsoleHttp signedUp(String email, String bucket) throws Exception {
        ConsoleHttp browser = new ConsoleHttp(gateway.server().consolePort());
        assertEquals(201, browser.signUp(email, PASSWORD).status());
        if (bucket != null) {
            assertEquals(201, browser.post("/api/buckets", Map.of("name", bucket)).status());
        }
        return browser;
    }

    private static long used(ConsoleHttp browser) throws Exception {
        return browser.get("/api/usage").json().path("usedBytes").asLong();
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void multipartUploadResumesFromStoredPartsCompletesAndDownloadsByteExact() throws Exception {
        ConsoleHttp owner = signedUp("multipart@example.org", "mp-files");
        byte[] content = random(13 * MIB + 5, 1);
        Answer opened = owner.post("/api/buckets/mp-files/uploads",
                Map.of("key", "videos/trip.bin", "size", content.length, "type", "video/mp4"));
        assertEquals(201, opened.status(), opened.raw().body());
        assertEquals(8 * MIB, opened.json().path("partSize").asLong());
        assertEquals(2, opened.json().path("partCount").asInt());
        String upload = "/api/buckets/mp-files/uploads/" + opened.json().path("uploadId").asText();
        String key = "?key=videos%2Ftrip.bin";

        Answer part1 = owner.put(upload + "/parts/1" + key, Arrays.copyOfRange(content, 0, 8 * MIB));
        assertEquals(200, part1.status(), part1.raw().body());
        assertEquals(8 * MIB, part1.json().path("size").asLong());
        Answer early = owner.post(upload + "/complete" + key, Map.of("partCount", 2));
        assertEquals(400, early.status());
        assertEquals("IncompleteUpload", early.code());

        // The page is gone (a failure): a retry asks which parts are stored and sends the others only.
        JsonNode stored = owner.get(upload + key).json().path("parts");
        assertEquals(1, stored.size());
        assertEquals(1, stored.get(0).path("part").asInt());
        assertEquals(8 * MIB, stored.get(0).path("size").asLong());
        assertEquals(200, owner.put(upload + "/parts/2" + key,
                Arrays.copyOfRange(content, 8 * MIB, content.length)).status());
        assertEquals(content.length, used(owner), "the parts count in the quota");
        Answer done = owner.post(upload + "/complete" + key, Map.of("partCount", 2));
        assertEquals(201, done.status(), done.raw().body());
        assertEquals(content.length, done.json().path("size").asLong());
        assertEquals(content.length, used(owner), "no drift: parts became the object");

        HttpResponse<byte[]> whole = owner.getBytes("/api/buckets/mp-files/download" + key);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content, whole.body());
        assertEquals("application/octet-stream", whole.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"trip.bin\"; filename*=UTF-8''trip.bin",
                whole.headers().firstValue("Content-Disposition").orElse(""));
        HttpResponse<byte[]> range = owner.getBytes("/api/buckets/mp-files/download" + key,
                "Range", "bytes=8388600-8388615");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 8_388_600, 8_388_616), range.body());
        assertEquals("bytes 8388600-8388615/" + content.length,
                range.headers().firstValue("Content-Range").orElse(""));
        assertEquals(416, owner.getBytes("/api/buckets/mp-files/download" + key, "Range",
                "bytes=" + content.length + "-").statusCode());
        assertEquals(404, owner.getBytes("/api/buckets/mp-files/download?key=nothing").statusCode());

        // Abort: the parts go and their bytes come back to the quota.
        Answer second = owner.post("/api/buckets/mp-files/uploads", Map.of("key", "big.bin", "size", 20 * MIB));
        String abort = "/api/buckets/mp-files/uploads/" + second.json().path("uploadId").asText();
        assertEquals(200, owner.put(abort + "/parts/1?key=big.bin", new byte[8 * MIB]).status());
        assertEquals(content.length + 8L * MIB, used(owner));
        assertEquals(204, owner.delete(abort + "?key=big.bin").status());
        assertEquals(content.length, used(owner), "no drift after an abort");
        assertEquals("NoSuchUpload", owner.get(abort + "?key=big.bin").code());
        assertEquals("NoSuchUpload", owner.put(abort + "/parts/2?key=big.bin", new byte[10]).code());

        int port = gateway.server().consolePort();
        assertEquals(413, owner.rawHead(port, "PUT " + abort + "/parts/3?key=big.bin HTTP/1.1\r\n"
                + "Content-Length: 33554433\r\n"), "a part over 32 MiB is refused unread");
        assertEquals("InvalidArgument", owner.put(abort + "/parts/10001?key=big.bin", new byte[1]).code());
        assertEquals("FileTooLarge", owner.post("/api/buckets/mp-files/uploads",
                Map.of("key", "huge", "size", 400L * 1024 * MIB)).code());
    }

    @Test
    void aFullQuotaIsRefusedBeforeTheUploadStarts() throws Exception {
        ConsoleHttp owner = signedUp("quota-files@example.org", "quota-files");
        assertEquals(201, owner.put("/api/buckets/quota-files/objects?key=a", new byte[1000]).status());
        String name = gateway.server().store().accounts().findByEmail("quota-files@example.org").get(0).name();
        gateway.server().store().accounts().setQuota(name, 5L * MIB);
        Answer refused = owner.post("/api/buckets/quota-files/uploads", Map.of("key", "movie", "size", 6 * MIB));
        assertEquals(403, refused.status());
        assertEquals("QuotaExceeded", refused.code());
        assertEquals("this file needs 6 MB but only 5 MB of your 5 MB are free; delete something first",
                refused.json().path("error").path("message").asText());
        Answer fits = owner.post("/api/buckets/quota-files/uploads", Map.of("key", "fits", "size", 5 * MIB - 1000));
        assertEquals(201, fits.status(), "exactly the room left is allowed");
        assertEquals(1000, used(owner));
        var bucket = gateway.server().store().findBucket("quota-files").orElseThrow();
        assertEquals(1, gateway.server().store().multipart().listMultipartUploads(bucket, "", "", "", "", 10)
                .uploads().size(), "the refused upload was never opened");
    }

    @Test
    void listingPagesDeleteManyRenameAndFolders() throws Exception {
        ConsoleHttp owner = signedUp("listing@example.org", "list-files");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String key = String.format("photos/img-%03d.jpg", i);
            keys.add(key);
            assertEquals(201, owner.put("/api/buckets/list-files/objects?key=" + key.replace("/", "%2F"),
                    new byte[i + 1]).status());
        }
        assertEquals(201, owner.post("/api/buckets/list-files/objects/folder", Map.of("key", "photos/")).status());
        assertEquals(201, owner.post("/api/buckets/list-files/objects/folder", Map.of("key", "photos/empty/"))
                .status());
        assertEquals("InvalidKey", owner.post("/api/buckets/list-files/objects/folder", Map.of("key", "no-slash"))
                .code());

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Answer page = owner.get("/api/buckets/list-files/objects?prefix=photos%2F&limit=10"
                    + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, "UTF-8")));
            assertEquals(200, page.status(), page.raw().body());
            page.json().path("objects").forEach(o -> seen.add(o.path("key").asText()));
            page.json().path("folders").forEach(f -> seen.add(f.asText()));
            after = page.json().path("truncated").asBoolean() ? page.json().path("next").asText() : null;
            pages++;
        } while (after != null);
        List<String> expected = new ArrayList<>(keys);
        expected.add("photos/empty/");
        expected.sort(null);
        List<String> sortedSeen = new ArrayList<>(seen);
        sortedSeen.sort(null);
        assertEquals(expected, sortedSeen, "every key once, the folder's own marker left out");
        assertEquals(3, pages);
        assertEquals(3, owner.get("/api/buckets/list-files/objects?prefix=photos%2Fimg-02").json()
                .path("objects").size(), "search by the start of a name");
        assertEquals("InvalidArgument", owner.get("/api/buckets/list-files/objects?limit=1001").code());

        // Rename: an object, a refused overwrite, a folder; the usage does not move.
        long before = used(owner);
        Answer renamed = owner.post("/api/buckets/list-files/objects/rename",
                Map.of("from", "photos/img-000.jpg", "to", "best/first.jpg"));
        assertEquals(200, renamed.status(), renamed.raw().body());
        assertEquals(1, renamed.json().path("moved").asInt());
        Answer taken = owner.post("/api/buckets/list-files/objects/rename",
                Map.of("from", "photos/img-001.jpg", "to", "best/first.jpg"));
        assertEquals(409, taken.status());
        assertEquals("KeyExists", taken.code());
        Answer folder = owner.post("/api/buckets/list-files/objects/rename", Map.of("from", "best/", "to", "top/"));
        assertEquals(1, folder.json().path("moved").asInt(), folder.raw().body());
        assertEquals("InvalidKey", owner.post("/api/buckets/list-files/objects/rename",
                Map.of("from", "photos/", "to", "photos/inner/")).code());
        assertEquals(before, used(owner), "a move keeps the usage");
        assertEquals(1, owner.getBytes("/api/buckets/list-files/download?key=top%2Ffirst.jpg").body().length);
        assertEquals(404, owner.getBytes("/api/buckets/list-files/download?key=photos%2Fimg-000.jpg")
                .statusCode());

        // Delete many: two keys, a missing one (no error), and a folder with all it holds.
        Answer deleted = owner.post("/api/buckets/list-files/objects/delete",
                Map.of("keys", List.of("top/first.jpg", "photos/img-001.jpg", "never-was"),
                        "prefixes", List.of("photos/")));
        assertEquals(200, deleted.status(), deleted.raw().body());
        assertFalse(deleted.json().path("more").asBoolean());
        assertEquals(0, deleted.json().path("errors").size());
        assertEquals(0, used(owner), "every byte back");
        assertEquals(0, owner.get("/api/usage").json().path("objectCount").asLong());
        Answer notEmpty = owner.delete("/api/buckets/list-files");
        assertEquals(204, notEmpty.status(), "empty now: " + notEmpty.raw().body());

        assertEquals(201, owner.post("/api/buckets", Map.of("name", "kept-files")).status());
        assertEquals(201, owner.put("/api/buckets/kept-files/objects?key=x", new byte[3]).status());
        Answer refused = owner.delete("/api/buckets/kept-files");
        assertEquals(409, refused.status());
        assertEquals("BucketNotEmpty", refused.code());
        assertTrue(refused.json().path("error").path("message").asText().contains("not empty"));
        assertEquals("InvalidArgument", owner.post("/api/buckets/kept-files/objects/delete",
                Map.of("keys", java.util.Collections.nCopies(1001, "k"))).code());
    }

    @Test
    void everyNewStateChangeNeedsTheCsrfTokenAndAnotherAccountsBucketIsNotFound() throws Exception {
        ConsoleHttp owner = signedUp("csrf-files@example.org", "csrf-files");
        assertEquals(201, owner.put("/api/buckets/csrf-files/objects?key=doc.txt", "secret".getBytes()).status());
        Answer opened = owner.post("/api/buckets/csrf-files/uploads", Map.of("key", "up", "size", 9 * MIB));
        String upload = "/api/buckets/csrf-files/uploads/" + opened.json().path("uploadId").asText();
        List<String[]> changes = List.of(
                new String[] {"POST", "/api/buckets/csrf-files/uploads", "{\"key\":\"k\",\"size\":1}"},
                new String[] {"PUT", upload + "/parts/1?key=up", "x"},
                new String[] {"POST", upload + "/complete?key=up", "{\"partCount\":1}"},
                new String[] {"DELETE", upload + "?key=up", ""},
                new String[] {"POST", "/api/buckets/csrf-files/objects/delete", "{\"keys\":[\"doc.txt\"]}"},
                new String[] {"POST", "/api/buckets/csrf-files/objects/rename", "{\"from\":\"doc.txt\",\"to\":\"b\"}"},
                new String[] {"POST", "/api/buckets/csrf-files/objects/folder", "{\"key\":\"f/\"}"},
                new String[] {"DELETE", "/api/buckets/csrf-files", ""});
        for (String[] change : changes) {
            for (String csrf : new String[] {null, "forged-token-value"}) {
                Answer answer = owner.send(change[0], change[1], change[2], csrf);
                assertEquals(403, answer.status(), change[0] + " " + change[1] + " with CSRF " + csrf);
                assertEquals(csrf == null ? "CsrfTokenMissing" : "CsrfTokenInvalid", answer.code());
            }
        }
        ConsoleHttp stranger = signedUp("stranger-files@example.org", null);
        for (String[] change : changes) {
            Answer answer = stranger.send(change[0], change[1], change[2]);
            assertEquals(404, answer.status(), change[0] + " " + change[1]);
            assertEquals("NoSuchBucket", answer.code());
        }
        assertEquals(404, stranger.getBytes("/api/buckets/csrf-files/download?key=doc.txt").statusCode());
        assertEquals("NoSuchBucket", stranger.get(upload + "?key=up").code());
        // Nothing changed: the owner still has its file and its upload.
        assertEquals("secret", new String(owner.getBytes("/api/buckets/csrf-files/download?key=doc.txt").body()));
        assertEquals(0, owner.get(upload + "?key=up").json().path("parts").size());
        assertEquals(204, owner.delete(upload + "?key=up").status());
    }
}
