package coffer.s3;

import coffer.s3.auth.Authenticator;
import coffer.s3.http.S3Response;
import coffer.s3.support.MemoryStorage;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The handlers wired as the Dispatcher wires them, over a {@link MemoryStorage} and {@link MemoryAccounts}: a fresh,
 * empty engine per fixture. Requests come from {@link HandlerRequests}.
 */
public final class HandlerFixture {
    public static final String REGION = "us-east-1";
    /** The time signatures and POST policies are checked against. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);

    public final MemoryStorage storage = new MemoryStorage();
    public final MemoryAccounts accounts = new MemoryAccounts(3);
    public final BucketAccess access = new BucketAccess(storage, accounts);
    public final RequestAuthorizer authorizer = new RequestAuthorizer(storage, access);
    public final AclRequests acls = new AclRequests(accounts);
    public final BucketHandler buckets = new BucketHandler(storage, access, acls, new XmlReader(64 * 1024), REGION);
    public final ObjectWriteHandler writes = new ObjectWriteHandler(storage, acls);
    public final ObjectReadHandler reads = new ObjectReadHandler(storage);
    public final DeleteHandler deletes = new DeleteHandler(storage, new XmlReader(1024 * 1024), access);
    public final ListHandler lists = new ListHandler(storage, access);
    public final CopyHandler copies = new CopyHandler(storage, access, acls);
    public final MultipartHandler multipart = new MultipartHandler(storage, access, acls,
            new XmlReader(4 * 1024 * 1024));
    public final MultipartListHandler multipartLists = new MultipartListHandler(storage, access);
    public final TaggingHandler tagging = new TaggingHandler(storage, new XmlReader(64 * 1024));
    public final CorsHandler cors = new CorsHandler(storage, new XmlReader(64 * 1024));
    public final AclHandler aclHandler = new AclHandler(storage, access, acls, new XmlReader(64 * 1024));
    public final ObjectAttributesHandler attributes = new ObjectAttributesHandler(storage);
    public final ServerSideEncryption encryption = new ServerSideEncryption(storage, new XmlReader(64 * 1024));
    public final OwnershipControlsHandler ownership = new OwnershipControlsHandler(storage, access,
            new XmlReader(64 * 1024));
    /** Verifies POST policies signed with the keys of {@link HandlerRequests#credential}. */
    public final Authenticator authenticator = new Authenticator(HandlerRequests::findCredential, CLOCK);
    public final PostObjectHandler posts = new PostObjectHandler(storage, access, authenticator, Optional.empty());
    /** All handlers behind the one authorization before dispatch, as S3Service calls them. */
    public final Dispatcher dispatcher = new Dispatcher(storage, accounts, authenticator, REGION, Optional.empty());

    /**
     * A request to this fixture's handlers: its context comes authorized as S3Service authorizes it before
     * dispatch ({@link RequestAuthorizer}), so a refusal (AccessDenied, NoSuchBucket, NoSuchKey) is thrown when
     * the context is built.
     */
    public HandlerRequests.Builder request(String method, String target) {
        return HandlerRequests.request(method, target).authorizedBy(authorizer);
    }

    /** A bucket of {@link HandlerRequests#OWNER}. */
    public Bucket bucket(String name) {
        return storage.createBucket(HandlerRequests.OWNER, name, REGION);
    }

    /** The object's bytes as stored. */
    public byte[] stored(String bucket, String key) {
        Bucket b = storage.findBucket(bucket).orElseThrow();
        ObjectRecord o = storage.findObject(b, key).orElseThrow(() -> new AssertionError("no object " + key));
        try (InputStream in = storage.openObject(o, 0, Math.max(0, o.size() - 1), null)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes a response writes (empty when it has no body). */
    public static byte[] body(S3Response response) {
        if (response.body() == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            response.body().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String text(S3Response response) {
        return new String(body(response), StandardCharsets.UTF_8);
    }
}
