package coffer.gateway.console;

import coffer.gateway.config.ConsoleConfig.SignInLimits;
import coffer.gateway.console.ShareLinks.Link;
import coffer.storage.Bucket;
import coffer.storage.ListPage;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.accounts.AccountState;
import coffer.storage.accounts.Accounts;
import coffer.storage.blob.CustomerKeyException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Share links as their recipients see them (docs/console.md, "Share links"), on the console port without a session:
 * {@code GET /s/TOKEN} answers an object link's bytes (streamed, decrypted, one byte range for seeking) and a folder
 * link's page; {@code GET /s/TOKEN?file=NAME} one file of a folder link, {@code GET /s/TOKEN/list} its listing;
 * {@code POST /s/TOKEN/unlock} checks a link's password (throttled) and hands the browser a grant cookie for that
 * link. Refusals: 404 NoSuchShareLink (unknown token), 410 ShareLinkRevoked, ShareLinkExpired, ShareLinkExhausted,
 * 401 SharePasswordRequired, 403 WrongSharePassword, 429 TooManyAttempts.
 */
@Path("/s/{token}")
public final class ShareServeResource {
    static final String GRANT_COOKIE = "coffer_share_grant";
    static final Duration GRANT_LIFETIME = Duration.ofHours(12);
    private static final int PAGE = 1000;

    private final ShareLinks links;
    private final ObjectStorage storage;
    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final Tokens tokens;
    private final ConsoleJson json;
    private final Clock clock;
    private final SignInLimits limits;
    private final AddressThrottle addresses;

    ShareServeResource(ShareLinks links, ObjectStorage storage, Accounts accounts, PasswordHasher hasher, Tokens tokens,
                       ConsoleJson json, Clock clock, SignInLimits limits) {
        // Wrong passwords are throttled like sign-ins: perAccount is per link (catalog), perAddress in memory.
        this.links = links;
        this.storage = storage;
        this.accounts = accounts;
        this.hasher = hasher;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
        this.limits = limits;
        this.addresses = new AddressThrottle(limits);
    }

    @GET
    public Response get(@PathParam("token") String token, @QueryParam("file") String file,
                        @Context ContainerRequestContext request, @Context org.eclipse.jetty.server.Request jetty) {
        return answer(token, file, request, jetty, false);
    }

    /** As GET without the body; never counts a download. */
    @HEAD
    public Response head(@PathParam("token") String token, @QueryParam("file") String file,
                         @Context ContainerRequestContext request, @Context org.eclipse.jetty.server.Request jetty) {
        return answer(token, file, request, jetty, true);
    }

    /** A folder link's files (every key under its prefix, names relative to it), 1,000 a page after {@code after}. */
    @GET
    @Path("list")
    public Response list(@PathParam("token") String token, @QueryParam("after") String after,
                         @Context ContainerRequestContext request) {
        Link link = live(token);
        if (!link.folder()) {
            throw new ConsoleException(404, "NoSuchRoute", "no such page", null);
        }
        requireGrant(link, request);
        Bucket bucket = bucket(link);
        ListPage page = storage.listObjects(bucket, link.path(), null,
                after == null || after.isEmpty() ? "" : link.path() + after, PAGE);
        ObjectNode answer = json.object();
        answer.put("folder", link.path().isEmpty() ? link.bucketName() : link.path());
        ArrayNode files = answer.putArray("files");
        for (ObjectRecord o : page.contents()) {
            files.addObject().put("name", o.key().substring(link.path().length())).put("size", o.size())
                    .put("modified", o.lastModified().toString());
        }
        answer.put("truncated", page.truncated());
        if (page.truncated()) {
            answer.put("next", page.lastReturned().substring(link.path().length()));
        }
        return json.answer(200, answer);
    }

    /** {@code {"password"}}: 204 with a grant cookie for this link, or 403 WrongSharePassword, throttled. */
    @POST
    @Path("unlock")
    public Response unlock(@PathParam("token") String token, InputStream body,
                           @Context org.eclipse.jetty.server.Request jetty) {
        Link link = live(token);
        JsonNode given = json.readObject(body);
        char[] password = Credentials.password(ConsoleJson.text(given, "password"));
        String address = org.eclipse.jetty.server.Request.getRemoteAddr(jetty);
        Instant now = clock.instant();
        try {
            long wait = addresses.blockedFor(address, now);
            Instant windowStart = now.minus(limits.window());
            if (wait == 0 && link.failedPasswords() >= limits.perAccount() && link.failuresSince() != null
                    && link.failuresSince().isAfter(windowStart)) {
                wait = AddressThrottle.secondsLeft(link.failuresSince(), now, limits.window());
            }
            if (wait > 0) {
                throw ConsoleException.tooManyAttempts(wait);
            }
            if (link.passwordHash() == null) {
                return Response.noContent().build();
            }
            if (!hasher.verify(password, link.passwordHash())) {
                addresses.failed(address, now);
                links.recordFailure(link.id(), now, windowStart);
                throw new ConsoleException(403, "WrongSharePassword", "wrong password for this link", "password");
            }
            if (link.failedPasswords() > 0) {
                links.clearFailures(link.id());
            }
        } finally {
            Arrays.fill(password, '\0');
        }
        String grant = tokens.fresh();
        links.grant(Tokens.hash(grant), link.id(), now.plus(GRANT_LIFETIME), now);
        return Response.noContent().header("Set-Cookie", GRANT_COOKIE + "=" + grant + "; Path=/s/" + token
                + "; Max-Age=" + GRANT_LIFETIME.toSeconds() + "; HttpOnly; SameSite=Lax"
                + (jetty.isSecure() ? "; Secure" : "")).build();
    }

    private Response answer(String token, String file, ContainerRequestContext request,
                            org.eclipse.jetty.server.Request jetty, boolean head) {
        Link link = live(token);
        boolean browser = Optional.ofNullable(request.getHeaderString("Accept")).orElse("").contains("text/html");
        if (!granted(link, request)) {
            if (browser && !head && file == null) {
                Response.ResponseBuilder page = PagesResource.html("share-locked.html").status(401);
                AuthResource.preSessionCsrf(tokens, request, jetty.isSecure())
                        .ifPresent(c -> page.header("Set-Cookie", c));
                return page.build();
            }
            throw passwordRequired();
        }
        String key;
        if (link.folder()) {
            if (file == null || file.isEmpty()) {
                if (head) {
                    return Response.ok().type("text/html; charset=utf-8").build();
                }
                return PagesResource.html("share-folder.html").build();
            }
            key = link.path() + file;
        } else {
            key = link.path();
        }
        Bucket bucket = bucket(link);
        ObjectRecord object = storage.findObject(bucket, key).orElseThrow(() -> new ConsoleException(404,
                "NoSuchKey", "the shared file no longer exists", null));
        try {
            storage.checkCustomerKey(object, null);
        } catch (CustomerKeyException e) {
            throw new ConsoleException(403, "EncryptedWithCustomerKey",
                    "this file is encrypted with its owner's own key and cannot be shared", null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ShareRange range = ShareRange.parse(request.getHeaderString("Range"), object.size());
        if (range == ShareRange.UNSATISFIABLE) {
            return Response.status(416).header("Content-Range", "bytes */" + object.size())
                    .header("Accept-Ranges", "bytes").build();
        }
        if (!head) {
            count(link, range);
        }
        return ShareDownload.response(storage, object, range, head);
    }

    /**
     * Counts a download when this GET starts the body (no range, or a range from byte 0); a later range (a seek)
     * is served uncounted while the link has downloads left. Refuses an exhausted, expired or revoked link.
     */
    private void count(Link link, ShareRange range) {
        Instant now = clock.instant();
        if (range == null || range.first() == 0) {
            if (!links.countDownload(link.id(), now)) {
                Link again = links.findById(link.id()).orElseThrow(ShareResource::noSuchLink);
                throw refusal(again, now).orElseGet(ShareServeResource::exhausted);
            }
        } else if (link.exhausted()) {
            throw exhausted();
        }
    }

    /** The link the token names, if it still serves: else 404, or 410 saying why it no longer does. */
    private Link live(String token) {
        if (!Tokens.wellFormed(token)) {
            throw ShareResource.noSuchLink();
        }
        Link link = links.findByToken(Tokens.hash(token)).orElseThrow(ShareResource::noSuchLink);
        Instant now = clock.instant();
        Optional<ConsoleException> refused = refusal(link, now);
        if (refused.isPresent()) {
            throw refused.get();
        }
        if (accounts.findById(link.accountId()).map(a -> a.state() == AccountState.DELETED).orElse(true)) {
            throw ShareResource.noSuchLink();
        }
        return link;
    }

    private static Optional<ConsoleException> refusal(Link link, Instant now) {
        if (link.revoked() != null) {
            return Optional.of(new ConsoleException(410, "ShareLinkRevoked", "this link was revoked by its owner",
                    null));
        }
        if (link.expired(now)) {
            return Optional.of(new ConsoleException(410, "ShareLinkExpired", "this link has expired", null));
        }
        if (link.exhausted()) {
            return Optional.of(exhausted());
        }
        return Optional.empty();
    }

    private static ConsoleException exhausted() {
        return new ConsoleException(410, "ShareLinkExhausted", "this link has reached its download limit", null);
    }

    private Bucket bucket(Link link) {
        return storage.findBucket(link.bucketName()).filter(b -> b.id() == link.bucketId()
                && b.ownerId() == link.accountId()).orElseThrow(() -> new ConsoleException(404, "NoSuchKey",
                "the shared files no longer exist", null));
    }

    private void requireGrant(Link link, ContainerRequestContext request) {
        if (!granted(link, request)) {
            throw passwordRequired();
        }
    }

    private boolean granted(Link link, ContainerRequestContext request) {
        if (link.passwordHash() == null) {
            return true;
        }
        Cookie grant = request.getCookies().get(GRANT_COOKIE);
        return grant != null && Tokens.wellFormed(grant.getValue())
                && links.granted(Tokens.hash(grant.getValue()), link.id(), clock.instant());
    }

    private static ConsoleException passwordRequired() {
        return new ConsoleException(401, "SharePasswordRequired", "this link needs its password", null);
    }
}
