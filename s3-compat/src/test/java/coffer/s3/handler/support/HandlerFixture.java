package coffer.s3.handler.support;

import coffer.s3.handler.AclHandler;
import coffer.s3.handler.AclRequests;
import coffer.s3.handler.BucketAccess;
import coffer.s3.handler.BucketHandler;
import coffer.s3.handler.CopyHandler;
import coffer.s3.handler.CorsHandler;
import coffer.s3.handler.DeleteHandler;
import coffer.s3.handler.ListHandler;
import coffer.s3.handler.MultipartHandler;
import coffer.s3.handler.MultipartListHandler;
import coffer.s3.handler.ObjectAccess;
import coffer.s3.handler.ObjectAttributesHandler;
import coffer.s3.handler.ObjectReadHandler;
import coffer.s3.handler.ObjectWriteHandler;
import coffer.s3.handler.ServerSideEncryption;
import coffer.s3.handler.TaggingHandler;
import coffer.s3.http.S3Response;
import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The handlers wired as S3Service wires them, over a {@link MemoryStorage} and {@link MemoryAccounts}: a fresh,
 * empty engine per fixture. Requests come from {@link HandlerRequests}.
 */
public final class HandlerFixture {
    public static final String REGION = "us-east-1";

    public final MemoryStorage storage = new MemoryStorage();
    public final MemoryAccounts accounts = new MemoryAccounts(3);
    public final BucketAccess access = new BucketAccess(storage, accounts);
    public final AclRequests acls = new AclRequests(accounts);
    public final BucketHandler buckets = new BucketHandler(storage, access, acls, new XmlReader(64 * 1024), REGION);
    public final ObjectWriteHandler writes = new ObjectWriteHandler(storage, access, acls);
    public final ObjectReadHandler reads = new ObjectReadHandler(storage, new ObjectAccess(storage, access));
    public final DeleteHandler deletes = new DeleteHandler(storage, access, new XmlReader(1024 * 1024));
    public final ListHandler lists = new ListHandler(storage, access);
    public final CopyHandler copies = new CopyHandler(storage, access, acls);
    public final MultipartHandler multipart = new MultipartHandler(storage, access, acls,
            new XmlReader(4 * 1024 * 1024));
    public final MultipartListHandler multipartLists = new MultipartListHandler(storage, access);
    public final TaggingHandler tagging = new TaggingHandler(storage, access, new XmlReader(64 * 1024));
    public final CorsHandler cors = new CorsHandler(storage, access, new XmlReader(64 * 1024));
    public final AclHandler aclHandler = new AclHandler(storage, access, acls, new XmlReader(64 * 1024));
    public final ObjectAttributesHandler attributes = new ObjectAttributesHandler(storage, access);
    public final ServerSideEncryption encryption = new ServerSideEncryption(storage, access, new XmlReader(64 * 1024));

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
