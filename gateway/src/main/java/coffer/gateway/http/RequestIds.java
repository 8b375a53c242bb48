package coffer.gateway.http;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids (docs/configuration.md, "Request ids"). {@code x-amz-request-id}: 16 upper-case hex characters like
 * AWS's, a random 24-bit prefix drawn at each start and a 40-bit counter, so unique within a gateway and across
 * gateways but for a one-in-16-million chance per pair of starts. {@code x-amz-id-2} (AWS's "host id") names the
 * gateway: {@code <gateway-id>/<request id>}, unique across gateways as long as gateway ids are. Thread-safe.
 */
public final class RequestIds {
    private final String gatewayId;
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public RequestIds(String gatewayId, SecureRandom random) {
        this.gatewayId = gatewayId;
        byte[] b = new byte[3];
        random.nextBytes(b);
        this.prefix = HexFormat.of().withUpperCase().formatHex(b);
    }

    /** The next {@code x-amz-request-id}. */
    public String next() {
        return prefix + String.format("%010X", counter.incrementAndGet() & 0xFF_FFFF_FFFFL);
    }

    /** The {@code x-amz-id-2} of the request {@code requestId} of this gateway. */
    public String hostId(String requestId) {
        return gatewayId + "/" + requestId;
    }
}
