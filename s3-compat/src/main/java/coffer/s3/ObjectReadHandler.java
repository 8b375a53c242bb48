package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.http.S3Response;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.ObjectVersion;
import coffer.storage.blob.CustomerKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GetObject and HeadObject: conditionals, a single range, response-* overrides, stored checksums with
 * {@code x-amz-checksum-mode: ENABLED}, the tag count. Who may read was decided before dispatch
 * ({@link RequestAuthorizer}; anonymous callers: public-read objects only). Thread-safe.
 */
final class ObjectReadHandler {
    /** Each response-* parameter and the header it sets. */
    private static final Map<String, String> OVERRIDES = Map.of("response-content-type", "Content-Type",
            "response-content-disposition", "Content-Disposition", "response-content-encoding", "Content-Encoding",
            "response-content-language", "Content-Language", "response-cache-control", "Cache-Control",
            "response-expires", "Expires");

    /** The response header naming an object's version. */
    static final String VERSION_ID = "x-amz-version-id";

    private final ObjectStorage store;

    public ObjectReadHandler(ObjectStorage store) {
        this.store = store;
    }

    public S3Response getObject(RequestContext ctx) {
        return read(ctx, true);
    }

    public S3Response headObject(RequestContext ctx) {
        return read(ctx, false);
    }

    private S3Response read(RequestContext ctx, boolean withBody) {
        ObjectRecord object = ctx.object();
        ObjectParams params = ctx.params(ObjectParams.class);
        Optional<CustomerKey> customerKey = CustomerKeys.fromRequest(ctx);
        // The part number is checked before the customer key (as s3-tests expect of S3).
        Optional<ByteRange> partRange = params.wantsPart()
                ? Optional.of(partRange(ctx, params.partNumber(), object)) : Optional.empty();
        try {
            store.checkCustomerKey(object, customerKey.orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Preconditions.notModified(ctx, object)) {
            return S3Response.status(304).header("ETag", ObjectHeaders.quoted(object.etag()))
                    .header("Last-Modified", HttpDates.header(object.lastModified())).contentLength(0);
        }
        Optional<ByteRange> range = params.wantsPart()
                ? partRange.filter(r -> r.length() > 0)
                : ByteRange.parse(ctx.header("Range"), object.size());
        S3Response response = S3Response.status(range.isPresent() ? 206 : 200);
        CustomerKeys.echo(response, customerKey);
        if (customerKey.isEmpty()) {
            SseHeaders.echo(response, object.attributes().encryption());
        }
        ObjectHeaders.write(response, object, overrides(params));
        if (ctx.bucket().versioning().versioned()) {
            response.header(VERSION_ID, object.wireVersionId());
        }
        if (params.versionId() == null) {
            LifecycleHandler.decorate(store, ctx.bucket(), object, response);
        }
        AttributeHeaders.write(ctx, response, object, range.isEmpty() && !params.wantsPart());
        ObjectLockHeaders.echo(response, object.attributes().lock());
        if (params.wantsPart()) {
            AttributeHeaders.writePart(ctx, response, object, params.partNumber());
            if (object.isMultipart()) {
                response.header("x-amz-mp-parts-count", Integer.toString(object.partCount()));
            }
        }
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(object.size());
        range.ifPresent(r -> response.header("Content-Range", r.contentRange(object.size())));
        if (!withBody || length == 0) {
            return response.contentLength(length);
        }
        // Opened here, before the status goes out, so that a damaged blob becomes an error response, not a
        // truncated 200.
        InputStream in;
        try {
            in = store.openObject(object, first, first + length - 1, customerKey.orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response.body(length, out -> {
            try (in) {
                in.transferTo(out);
            }
        });
    }

    /**
     * The bytes of part {@code partNumber}: of a multipart object, its N-th part in order; of any other object,
     * part 1 is the whole object. Past the last part: InvalidPart (400), which is what s3-tests expect (RGW); AWS
     * documents InvalidPartNumber (416).
     */
    private static ByteRange partRange(RequestContext ctx, int n, ObjectRecord object) {
        if (ctx.header("Range") != null) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                    "Cannot specify both Range header and partNumber query parameter");
        }
        int count = Math.max(1, object.partCount());
        if (n > count) {
            throw new S3Exception(S3ErrorCode.INVALID_PART, "The requested partnumber is not satisfiable",
                    Map.of("PartNumber", Integer.toString(n)), null);
        }
        if (!object.isMultipart()) {
            return new ByteRange(0, object.size() - 1);
        }
        long first = 0;
        for (int i = 0; i < n - 1; i++) {
            first += object.blobs().get(i).size();
        }
        return new ByteRange(first, first + object.blobs().get(n - 1).size() - 1);
    }

    private static Map<String, String> overrides(ObjectParams params) {
        Map<String, String> overrides = new HashMap<>();
        OVERRIDES.forEach((name, header) -> {
            String value = params.responseOverrides().get(name);
            if (value != null) {
                overrides.put(name, HeaderValues.require(name, header, value));
            }
        });
        return overrides;
    }

    /**
     * The object an owner-only object operation (tagging, attributes) acts on: the current one, or the version its
     * {@code versionId} names (docs/versioning.md). NoSuchKey, NoSuchVersion, a malformed id InvalidArgument, a
     * delete marker 405 MethodNotAllowed with {@code x-amz-delete-marker: true}.
     */
    static ObjectRecord addressed(ObjectStorage store, RequestContext ctx) {
        ObjectParams params = ctx.params(ObjectParams.class);
        String versionId = params.version();
        if (versionId == null) {
            return store.findObject(ctx.bucket(), ctx.key()).orElseThrow(() -> noSuchKey(ctx.key()));
        }
        ObjectVersion version = store.findVersion(ctx.bucket(), ctx.key(), versionId)
                .orElseThrow(() -> params.noSuchVersion(ctx.key()));
        if (version.deleteMarker()) {
            throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED).header("x-amz-delete-marker", "true")
                    .header(VERSION_ID, version.versionId());
        }
        return version.object();
    }

    static S3Exception noSuchKey(String key) {
        return new S3Exception(S3ErrorCode.NO_SUCH_KEY, S3ErrorCode.NO_SUCH_KEY.defaultMessage(), Map.of("Key", key),
                null);
    }
}
