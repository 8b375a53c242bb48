package coffer.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Keeps the raw XML body of the last ListObjectsV2 response a client received, before the SDK parses (and, for
 * {@code encoding-type=url}, decodes) it. One instance per client; thread-safe, but meant for one test thread.
 */
public final class RawListingCapture implements ExecutionInterceptor {
    private final AtomicReference<byte[]> lastBody = new AtomicReference<>();

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        if (!(context.request() instanceof ListObjectsV2Request) || context.responseBody().isEmpty()) {
            return context.responseBody();
        }
        try (InputStream in = context.responseBody().get()) {
            byte[] body = in.readAllBytes(); // a listing page is small
            lastBody.set(body);
            return Optional.of(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The raw body of the last ListObjectsV2 response, parsed. */
    public ListingXml last() {
        byte[] body = lastBody.get();
        if (body == null) {
            throw new IllegalStateException("no ListObjectsV2 response was captured");
        }
        return ListingXml.parse(body);
    }
}
