package coffer.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * S3 request metrics, by operation and status class: {@code coffer_s3_requests_total},
 * {@code coffer_s3_request_duration_seconds} (a histogram), {@code coffer_s3_received_bytes_total},
 * {@code coffer_s3_sent_bytes_total}, and the two rejections an operator watches for,
 * {@code coffer_s3_quota_rejections_total} and {@code coffer_s3_signature_failures_total}. Label values come from
 * fixed sets (operation names, status classes), never from the request, so the series count stays bounded.
 * Thread-safe.
 */
public final class S3Metrics implements Consumer<RequestOutcome> {
    private final MeterRegistry registry;
    private final Counter quotaRejections;
    private final Counter signatureFailures;

    public S3Metrics(MeterRegistry registry) {
        this.registry = registry;
        this.quotaRejections = Counter.builder("coffer.s3.quota.rejections")
                .description("Requests refused with QuotaExceeded").register(registry);
        this.signatureFailures = Counter.builder("coffer.s3.signature.failures")
                .description("Requests refused with SignatureDoesNotMatch").register(registry);
    }

    @Override
    public void accept(RequestOutcome r) {
        String operation = r.operationOrUnknown();
        String statusClass = r.statusClass();
        Counter.builder("coffer.s3.requests").description("S3 requests answered")
                .tags("operation", operation, "status", statusClass).register(registry).increment();
        Timer.builder("coffer.s3.request.duration").description("S3 request latency, first byte in to last byte out")
                .tags("operation", operation)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry).record(r.durationNanos(), TimeUnit.NANOSECONDS);
        if (r.bytesIn() > 0) {
            bytes("coffer.s3.received", "Request body bytes received", operation).increment(r.bytesIn());
        }
        if (r.bytesOut() > 0) {
            bytes("coffer.s3.sent", "Response body bytes sent", operation).increment(r.bytesOut());
        }
        if ("QuotaExceeded".equals(r.errorCode())) {
            quotaRejections.increment();
        } else if ("SignatureDoesNotMatch".equals(r.errorCode())) {
            signatureFailures.increment();
        }
    }

    private Counter bytes(String name, String description, String operation) {
        return Counter.builder(name).baseUnit("bytes").description(description).tags("operation", operation)
                .register(registry);
    }
}
