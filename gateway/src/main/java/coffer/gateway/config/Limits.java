package coffer.gateway.config;

import java.time.Duration;

/**
 * What protects the S3 port from clients, all configurable (docs/configuration.md).
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
    public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 1024;
    public static final Limits DEFAULTS = new Limits(16 * 1024, Duration.ofSeconds(120), 256, 64,
            Duration.ofSeconds(5), Duration.ofSeconds(30), DEFAULT_MIN_REQUEST_DATA_RATE);

    /** With the default minimum request data rate. */
    public Limits(int maxHeaderBytes, Duration idleTimeout, int maxConcurrent, int maxQueued, Duration queueTimeout,
                  Duration drainTimeout) {
        this(maxHeaderBytes, idleTimeout, maxConcurrent, maxQueued, queueTimeout, drainTimeout,
                DEFAULT_MIN_REQUEST_DATA_RATE);
    }

    public Limits {
        if (minRequestDataRate < 0) {
            throw new IllegalArgumentException("--min-request-data-rate must not be negative");
        }
        if (maxHeaderBytes < 1024 || maxHeaderBytes > 1024 * 1024) {
            throw new IllegalArgumentException("--max-header-bytes must be between 1024 and 1048576");
        }
        positive(idleTimeout, "--idle-timeout");
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("--max-concurrent-requests must be at least 1");
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("--max-queued-requests must not be negative");
        }
        positive(queueTimeout, "--queue-timeout");
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("--drain-timeout must not be negative");
        }
    }

    private static void positive(Duration d, String setting) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(setting + " must be a positive duration");
        }
    }
}
