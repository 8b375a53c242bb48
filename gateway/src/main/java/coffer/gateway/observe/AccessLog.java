package coffer.gateway.observe;

import coffer.s3.http.RequestFacts;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log: one JSON object per S3 request, one line, through the SLF4J logger {@value #LOGGER} at INFO
 * (where it goes is Logback's business: see {@link AccessLogSink} and docs/configuration.md). Fields: {@code time},
 * {@code gateway} (the gateway id), {@code requestId}, {@code remote}, {@code method}, {@code operation}, {@code accessKeyId}, {@code bucket},
 * {@code key}, {@code status}, {@code error}, {@code bytesIn}, {@code bytesOut}, {@code durationMs}, and
 * {@code aborted} when the connection was cut. Never a header, never the query string: that is where signatures,
 * SSE-C keys and presigned credentials travel. Thread-safe.
 */
public final class AccessLog implements Consumer<RequestOutcome> {
    public static final String LOGGER = "coffer.access";

    private final Logger log;
    private final String gateway;
    private final JsonFactory json = new JsonFactory();

    /** The log of the gateway named {@code gatewayId} (its {@code gateway} field). */
    public AccessLog(String gatewayId) {
        this(LoggerFactory.getLogger(LOGGER), gatewayId);
    }

    AccessLog(Logger log) {
        this(log, null);
    }

    AccessLog(Logger log, String gatewayId) {
        this.log = log;
        this.gateway = gatewayId;
    }

    @Override
    public void accept(RequestOutcome r) {
        if (log.isInfoEnabled()) {
            log.info(line(r));
        }
    }

    /** The JSON line for {@code r}, without a line break (keys with control characters are escaped). */
    String line(RequestOutcome r) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", r.time().toString());
            RequestFacts facts = r.facts();
            optional(g, "gateway", gateway);
            optional(g, "requestId", facts.requestId());
            optional(g, "remote", r.remoteAddress());
            g.writeStringField("method", r.method());
            optional(g, "operation", facts.operation());
            optional(g, "accessKeyId", facts.accessKeyId());
            optional(g, "bucket", facts.bucket());
            optional(g, "key", facts.key());
            g.writeNumberField("status", r.status());
            optional(g, "error", facts.errorCode());
            g.writeNumberField("bytesIn", r.bytesIn());
            g.writeNumberField("bytesOut", r.bytesOut());
            g.writeNumberField("durationMs", TimeUnit.NANOSECONDS.toMicros(r.durationNanos()) / 1000.0);
            if (!r.completed()) {
                g.writeBooleanField("aborted", true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }
}
