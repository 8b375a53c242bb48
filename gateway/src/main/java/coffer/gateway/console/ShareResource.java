package coffer.gateway.console;

import coffer.gateway.console.ConsoleSessions.Session;
import coffer.gateway.console.ShareLinks.Link;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The owner's side of share links (docs/console.md, "Share links"): make one for an object or a folder of one of
 * the account's buckets, list the account's live links with their download counts, revoke one. The link's token is
 * answered once, at creation; only its SHA-256 is stored. Another account's link is answered as a missing one (404
 * NoSuchShareLink).
 */
@Path("/api/shares")
public final class ShareResource {
    static final Duration MIN_EXPIRY = Duration.ofHours(1);
    static final Duration MAX_EXPIRY = Duration.ofDays(3650);
    static final int MAX_DOWNLOADS = 1_000_000;

    private final ShareLinks links;
    private final ObjectStorage storage;
    private final PasswordHasher hasher;
    private final Tokens tokens;
    private final ConsoleJson json;
    private final Clock clock;

    ShareResource(ShareLinks links, ObjectStorage storage, PasswordHasher hasher, Tokens tokens, ConsoleJson json,
                  Clock clock) {
        this.links = links;
        this.storage = storage;
        this.hasher = hasher;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
    }

    /**
     * {@code {"bucket", "key"}} (an object) or {@code {"bucket", "prefix"}} (a folder: "" or ending in "/"), with
     * {@code expiresInSeconds} (3600 to ten years; null or absent: never), {@code password} (optional, 8 to 256
     * characters) and {@code maxDownloads} (optional, 1 to 1,000,000).
     */
    @POST
    public Response create(InputStream body, @Context ContainerRequestContext request) {
        Session session = session(request);
        JsonNode given = json.readObject(body);
        String bucketName = ConsoleJson.text(given, "bucket");
        String key = ConsoleJson.text(given, "key");
        String prefix = ConsoleJson.text(given, "prefix");
        Bucket bucket = storage.findBucket(bucketName == null ? "" : bucketName)
                .filter(b -> b.ownerId() == session.accountId())
                .orElseThrow(() -> new ConsoleException(404, "NoSuchBucket", "no such bucket", "bucket"));
        String kind;
        String path;
        if (key != null && prefix == null) {
            if (key.isEmpty() || storage.findObject(bucket, key).isEmpty()) {
                throw new ConsoleException(404, "NoSuchKey", "no such file", "key");
            }
            kind = ShareLinks.OBJECT;
            path = key;
        } else if (prefix != null && key == null) {
            if (!prefix.isEmpty() && !prefix.endsWith("/") || prefix.getBytes(StandardCharsets.UTF_8).length > 1024) {
                throw ConsoleException.badField("InvalidArgument", "prefix",
                        "a folder is the empty prefix (the whole bucket) or a prefix ending in /");
            }
            kind = ShareLinks.FOLDER;
            path = prefix;
        } else {
            throw ConsoleException.badField("InvalidArgument", "key", "share either a key or a prefix");
        }
        Instant now = clock.instant();
        Instant expires = expiry(given, now);
        Integer maxDownloads = maxDownloads(given);
        String passwordHash = null;
        String password = ConsoleJson.text(given, "password");
        if (password != null && !password.isEmpty()) {
            char[] chars = Credentials.newPassword(password);
            try {
                passwordHash = hasher.hash(chars);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        if (links.countLive(session.accountId()) >= ShareLinks.MAX_PER_ACCOUNT) {
            throw new ConsoleException(409, "TooManyShareLinks", "you have " + ShareLinks.MAX_PER_ACCOUNT
                    + " share links; revoke some first", null);
        }
        String token = tokens.fresh();
        long id = links.insert(Tokens.hash(token), session.accountId(), bucket.id(), bucket.name(), kind, path,
                passwordHash, now, expires, maxDownloads);
        ObjectNode answer = describe(links.findById(id).orElseThrow(ConsoleException::unavailable), now);
        answer.put("path", "/s/" + token);
        return json.answer(201, answer);
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        Session session = session(request);
        Instant now = clock.instant();
        ObjectNode answer = json.object();
        ArrayNode list = answer.putArray("shares");
        for (Link link : links.live(session.accountId())) {
            list.add(describe(link, now));
        }
        return json.answer(200, answer);
    }

    /** Revokes the link at once: the next request for it is refused (410 ShareLinkRevoked). */
    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id, @Context ContainerRequestContext request) {
        Session session = session(request);
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw noSuchLink();
        }
        if (!links.revoke(number, session.accountId(), clock.instant())) {
            throw noSuchLink();
        }
        return Response.noContent().build();
    }

    private ObjectNode describe(Link link, Instant now) {
        ObjectNode o = json.object();
        o.put("id", link.id());
        o.put("bucket", link.bucketName());
        o.put("kind", link.kind());
        o.put(link.folder() ? "prefix" : "key", link.path());
        o.put("created", link.created().toString());
        if (link.expires() == null) {
            o.putNull("expires");
        } else {
            o.put("expires", link.expires().toString());
        }
        o.put("hasPassword", link.passwordHash() != null);
        if (link.maxDownloads() == null) {
            o.putNull("maxDownloads");
        } else {
            o.put("maxDownloads", link.maxDownloads());
        }
        o.put("downloads", link.downloads());
        o.put("state", link.expired(now) ? "expired" : link.exhausted() ? "exhausted" : "active");
        return o;
    }

    private static Instant expiry(JsonNode given, Instant now) {
        JsonNode n = given.get("expiresInSeconds");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < MIN_EXPIRY.toSeconds()
                || n.asLong() > MAX_EXPIRY.toSeconds()) {
            throw ConsoleException.badField("InvalidArgument", "expiresInSeconds",
                    "a link expires after 1 hour to 10 years, or never (null)");
        }
        return now.plusSeconds(n.asLong());
    }

    private static Integer maxDownloads(JsonNode given) {
        JsonNode n = given.get("maxDownloads");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > MAX_DOWNLOADS) {
            throw ConsoleException.badField("InvalidArgument", "maxDownloads",
                    "a download limit is 1 to " + MAX_DOWNLOADS + ", or none (null)");
        }
        return n.asInt();
    }

    static ConsoleException noSuchLink() {
        return new ConsoleException(404, "NoSuchShareLink", "no such share link", null);
    }

    private static Session session(ContainerRequestContext request) {
        return ConsoleFilter.session(request).orElseThrow(ConsoleException::noSession);
    }
}
