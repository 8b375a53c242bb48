package coffer.storage.internal.crypto;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a cluster keyring ({@link MasterKeyring#refresh}) every {@link MasterKeyring#refreshInterval()} on a daemon
 * thread, {@code coffer-keyring-refresh}, so a version another gateway made current is written under here within that
 * time. A failed poll (catalog down) is logged once until one succeeds again, without key material. Every gateway
 * runs its own: this is not lease-held background work.
 */
public final class KeyringRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyringRefresher.class);

    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    private KeyringRefresher(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts polling {@code ring} when it is a cluster keyring; for a key directory, a refresher that does nothing. */
    public static KeyringRefresher start(MasterKeyring ring) {
        Duration every = ring.refreshInterval();
        if (every.isZero()) {
            return new KeyringRefresher(null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coffer-keyring-refresh");
            t.setDaemon(true);
            return t;
        });
        KeyringRefresher refresher = new KeyringRefresher(timer);
        timer.scheduleWithFixedDelay(() -> refresher.poll(ring), every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return refresher;
    }

    private void poll(MasterKeyring ring) {
        try {
            ring.refresh();
            if (failing) {
                failing = false;
                LOG.info("cluster keyring reachable again");
            }
        } catch (Exception e) {
            if (!failing) {
                failing = true;
                LOG.warn("could not look for new master key versions in the catalog (will keep trying): {}",
                        e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
