package coffer.gateway.serverlog;

import coffer.s3.http.RequestFacts;
import coffer.storage.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server access logging, the gateway's side (docs/access-logging.md): requests on logged buckets append their
 * record to this gateway's {@link LogSpool} before their answer completes; a delivery thread
 * ({@code coffer-access-log-delivery}) forces the spool, closes segments older than the flush interval and writes
 * them into their target buckets ({@link LogDelivery}). Every gateway delivers its own spool, so no lease is
 * needed with several gateways. Thread-safe; {@link #close} closes the open segments and delivers once more.
 */
public final class ServerAccessLogging implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAccessLogging.class);
    /** The spool directory under the data directory. */
    public static final String SPOOL_DIR = "access-log-spool";

    private final LogSpool spool;
    private final LogDelivery delivery;
    private final Clock clock;
    private final long flushMillis;
    private final long quietMillis;
    private final ScheduledExecutorService thread;
    private final AtomicLong lastFailure = new AtomicLong();

    private ServerAccessLogging(LogSpool spool, LogDelivery delivery, Clock clock, Duration flush, Duration quiet) {
        this.spool = spool;
        this.delivery = delivery;
        this.clock = clock;
        this.flushMillis = flush.toMillis();
        this.quietMillis = quiet.toMillis();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coffer-access-log-delivery");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the spool under {@code dataDir} (closing what a previous run left open) and starts delivering: a
     * segment goes out once it is {@code flush} old or has had no new record for {@code quiet}.
     */
    public static ServerAccessLogging start(Path dataDir, Store store, Clock clock, SecureRandom random,
                                            Duration flush, Duration quiet) throws IOException {
        ServerAccessLogging logging = new ServerAccessLogging(new LogSpool(dataDir.resolve(SPOOL_DIR), random),
                new LogDelivery(store), clock, flush, quiet);
        long tick = Math.max(100, Math.min(1000, Math.min(logging.flushMillis, logging.quietMillis) / 20));
        logging.thread.scheduleWithFixedDelay(logging::tick, 0, tick, TimeUnit.MILLISECONDS);
        return logging;
    }

    /**
     * Appends the record of one request on a logged bucket ({@code facts.serverLog()} not null). Called before
     * the request's last byte goes out. A record that cannot be written (a full disk) is reported, one WARN a
     * minute, and the request is answered anyway.
     */
    public void record(LogLine.Exchange exchange, RequestFacts facts, String hostId, int status, long bytesSent,
                       long totalMillis, long turnAroundMillis) {
        try {
            spool.append(Destination.of(facts), LogLine.format(exchange, facts, hostId, status, bytesSent,
                    totalMillis, turnAroundMillis), clock.millis());
        } catch (IOException | RuntimeException e) {
            long now = clock.millis();
            long last = lastFailure.get();
            if (now - last >= 60_000 && lastFailure.compareAndSet(last, now)) {
                LOG.warn("server access log record of bucket {} not written: {}", facts.bucket(), e.toString());
            }
        }
    }

    private void tick() {
        try {
            long now = clock.millis();
            spool.tick(now, flushMillis, quietMillis);
            delivery.deliverAll(spool, now);
        } catch (IOException | RuntimeException e) {
            LOG.warn("server access log delivery: {}", e.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
            spool.closeAll(clock.millis());
            delivery.deliverAll(spool, clock.millis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("server access log: final delivery: {} (the next start delivers the rest)", e.toString());
        }
    }
}
