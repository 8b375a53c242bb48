package coffer.s3;

import coffer.s3.xml.XmlReader;
import coffer.storage.Bucket;
import coffer.storage.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which buckets are logged, as every request asks: the bucket and its logging document, kept for
 * {@value #TTL_NANOS} ns per bucket name (the lookup cache's 500 ms), so that a busy bucket costs the catalog at
 * most two document reads a second per gateway. A change through this gateway is seen at once ({@link #forget});
 * one made through another gateway within the TTL. At most {@value #MAX_ENTRIES} names, then it starts over.
 * Thread-safe.
 */
final class LoggingConfigs {
    static final long TTL_NANOS = 500_000_000L;
    static final int MAX_ENTRIES = 10_000;
    private static final XmlReader XML = new XmlReader(64 * 1024);

    /** A logged bucket and its configuration. */
    record Logged(Bucket bucket, BucketLogging logging) {
    }

    private record Entry(Optional<Logged> logged, long expires) {
    }

    private final ObjectStorage store;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    LoggingConfigs(ObjectStorage store) {
        this.store = store;
    }

    /** The logging of bucket {@code name}, empty when it is not logged or does not exist. */
    Optional<Logged> of(String name) {
        long now = System.nanoTime();
        Entry entry = entries.get(name);
        if (entry != null && entry.expires - now > 0) {
            return entry.logged;
        }
        Optional<Logged> logged = store.findBucket(name)
                .flatMap(b -> read(store, b).map(l -> new Logged(b, l)));
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(name, new Entry(logged, now + TTL_NANOS));
        return logged;
    }

    /** Drops what is known of bucket {@code name} (its logging changed through this gateway). */
    void forget(String name) {
        entries.remove(name);
    }

    /** The stored configuration of {@code bucket}, if any. */
    static Optional<BucketLogging> read(ObjectStorage store, Bucket bucket) {
        return store.bucketSettings().document(bucket, BucketLogging.DOCUMENT)
                .flatMap(d -> BucketLogging.parse(XML.parse(
                        new ByteArrayInputStream(d.getBytes(StandardCharsets.UTF_8)))));
    }
}
