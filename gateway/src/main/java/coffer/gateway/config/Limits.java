package coffer.gateway.config;

import java.time.Duration;

/**
 * What protects the S3 port from clients, all configurable (docs/configuration.md); each value is checked by its
 * setting in {@link GatewaySettings}.
 *
 * @param maxHeaderBytes   the request line and headers together; beyond it, 431
 * @param idleTimeout      a connection that sends or reads nothing for this long is closed (slow clients)
 * @param maxConcurrent    requests served at once; more wait in the queue
 * @param maxQueued        requests waiting for a slot; beyond it, 503 SlowDown at once
 * @param queueTimeout     how long a queued request waits for a slot before 503 SlowDown
 * @param drainTimeout     on stop, how long requests in flight may take to finish
 * @param minRequestDataRate a request body arriving slower than this (bytes per second, judged after 10 s of
 *                         waiting for it) is answered 400 RequestTimeout and its connection closed; 0 turns it off
 */
public record Limits(int maxHeaderBytes, Duration idleTimeout, int maxConcurrent, int maxQueued,
                     Duration queueTimeout, Duration drainTimeout, long minRequestDataRate) {
    public static final Limits DEFAULTS = new Limits(GatewaySettings.MAX_HEADER_BYTES.defaultValue(),
            GatewaySettings.IDLE_TIMEOUT.defaultValue(), GatewaySettings.MAX_CONCURRENT_REQUESTS.defaultValue(),
            GatewaySettings.MAX_QUEUED_REQUESTS.defaultValue(), GatewaySettings.QUEUE_TIMEOUT.defaultValue(),
            GatewaySettings.DRAIN_TIMEOUT.defaultValue(), GatewaySettings.MIN_REQUEST_DATA_RATE.defaultValue());

    /** With the default minimum request data rate. */
    public Limits(int maxHeaderBytes, Duration idleTimeout, int maxConcurrent, int maxQueued, Duration queueTimeout,
                  Duration drainTimeout) {
        this(maxHeaderBytes, idleTimeout, maxConcurrent, maxQueued, queueTimeout, drainTimeout,
                GatewaySettings.MIN_REQUEST_DATA_RATE.defaultValue());
    }
}
