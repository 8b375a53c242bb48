package coffer.gateway.serverlog;

import coffer.storage.Bucket;
import coffer.storage.ObjectMetadata;
import coffer.storage.PutObject;
import coffer.storage.QuotaClaim;
import coffer.storage.QuotaExceededException;
import coffer.storage.Store;
import coffer.storage.StoreException;
import coffer.storage.WriteCondition;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes closed spool segments as log objects into their target buckets, exactly once: the object is written
 * with {@code If-None-Match: *} under the key the segment's name fixes, so a delivery repeated after a crash (the
 * object written, the segment not yet deleted) finds it there and only deletes the segment. A target over its
 * quota keeps its segments and is tried again each tick (one WARN a minute); a target bucket that no longer
 * exists, or that changed owner, drops them (one WARN each): its owner removed the destination. Single-threaded
 * (the delivery thread).
 */
final class LogDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(LogDelivery.class);
    private static final long WARN_EVERY_MILLIS = 60_000;
    private static final ObjectMetadata TEXT = new ObjectMetadata("text/plain", null, null, null, null, null,
            Map.of());

    private final Store store;
    private long lastWarn;

    LogDelivery(Store store) {
        this.store = store;
    }

    /** Delivers every closed segment of every destination of {@code spool}; returns how many objects it wrote. */
    int deliverAll(LogSpool spool, long nowMillis) throws IOException {
        int written = 0;
        for (Path group : spool.groups()) {
            Destination destination;
            try (Reader in = Files.newBufferedReader(group.resolve(LogSpool.DESTINATION_FILE),
                    StandardCharsets.UTF_8)) {
                destination = Destination.load(in);
            }
            for (Path segment : LogSpool.closedSegments(group)) {
                Outcome outcome = deliver(destination, segment, nowMillis);
                if (outcome == Outcome.RETRY) {
                    break;
                }
                if (outcome == Outcome.WRITTEN) {
                    written++;
                }
            }
        }
        return written;
    }

    enum Outcome { WRITTEN, SKIPPED, RETRY }

    private Outcome deliver(Destination d, Path segment, long nowMillis) throws IOException {
        String name = segment.getFileName().toString();
        long first = LogSpool.parseMillis(name, LogSpool.CLOSED.length());
        int afterFirst = name.indexOf('-', LogSpool.CLOSED.length()) + 1;
        long closed = LogSpool.parseMillis(name, afterFirst);
        String unique = name.substring(name.indexOf('-', afterFirst) + 1, name.length() - ".log".length());
        long length = completeLength(segment);
        Bucket target = store.findBucket(d.targetBucket()).orElse(null);
        if (length == 0 || target == null || !d.sourceOwner().isEmpty() && !ownerMatches(target, d)) {
            if (length > 0) {
                LOG.warn("server access log to {}/{}: the target bucket is gone or changed owner; {} bytes of"
                        + " records dropped", d.targetBucket(), d.targetPrefix(), length);
            }
            Files.delete(segment);
            return Outcome.SKIPPED;
        }
        String key = d.key(Instant.ofEpochMilli(first), Instant.ofEpochMilli(closed), unique);
        try (InputStream body = Files.newInputStream(segment)) {
            store.putObject(PutObject.of(target, key, body, length).metadata(TEXT)
                    .condition(new WriteCondition(true, null))
                    .quota(QuotaClaim.declared(target.ownerId(), length)).build());
        } catch (QuotaExceededException e) {
            warn(nowMillis, "server access log to {}/{}: the target's account is over its quota; {} bytes of"
                    + " records wait", d.targetBucket(), d.targetPrefix(), length);
            return Outcome.RETRY;
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.PRECONDITION_FAILED
                    || e.reason() == StoreException.Reason.CONDITIONAL_REQUEST_CONFLICT) {
                Files.delete(segment); // delivered before a crash: the object is there
                return Outcome.SKIPPED;
            }
            warn(nowMillis, "server access log to {}/{}: delivery failed ({}); retrying", d.targetBucket(),
                    d.targetPrefix(), e.reason());
            return Outcome.RETRY;
        } catch (RuntimeException e) {
            warn(nowMillis, "server access log to {}/{}: delivery failed ({}); retrying", d.targetBucket(),
                    d.targetPrefix(), e.getClass().getSimpleName());
            return Outcome.RETRY;
        }
        Files.delete(segment);
        return Outcome.WRITTEN;
    }

    /** The owner recorded with the records is the target's owner: delivery never crosses accounts. */
    private boolean ownerMatches(Bucket target, Destination d) {
        return store.accounts().canonicalId(target.ownerId()).map(d.sourceOwner()::equals).orElse(false);
    }

    /** The segment's length up to its last complete line (a power cut can leave a torn one behind it). */
    static long completeLength(Path segment) throws IOException {
        try (FileChannel c = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = c.size();
            ByteBuffer one = ByteBuffer.allocate(4096);
            long end = size;
            while (end > 0) {
                long from = Math.max(0, end - one.capacity());
                one.clear().limit((int) (end - from));
                c.read(one, from);
                for (int i = one.position() - 1; i >= 0; i--) {
                    if (one.get(i) == '\n') {
                        return from + i + 1;
                    }
                }
                end = from;
            }
            return 0;
        }
    }

    private void warn(long nowMillis, String format, Object... args) {
        if (nowMillis - lastWarn >= WARN_EVERY_MILLIS) {
            lastWarn = nowMillis;
            LOG.warn(format, args);
        }
    }
}
