package coffer.storage.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bucket's lifecycle configuration (PutBucketLifecycleConfiguration): its rules in the order given. Kept as a
 * bucket document of kind {@value #DOCUMENT} in the engine's own text form ({@link #encode}, {@link #decode}), so
 * that the worker needs no XML. docs/lifecycle.md.
 */
public record LifecycleConfiguration(List<LifecycleRule> rules) {
    /** The bucket document kind. */
    public static final String DOCUMENT = "lifecycle";

    public LifecycleConfiguration {
        rules = List.copyOf(rules);
    }

    /** When a current version expires and under which rule: what {@code x-amz-expiration} says. */
    public record Expiry(Instant date, String ruleId) {
    }

    /**
     * The earliest expiry of a current version of {@code key} (size and tags as given) written at {@code created},
     * among the enabled rules that expire current versions, with days of length {@code day}.
     */
    public Optional<Expiry> currentExpiry(String key, long size, Map<String, String> tags, Instant created,
                                          Duration day) {
        Expiry best = null;
        for (LifecycleRule rule : rules) {
            if (rule.expiresCurrent() && rule.matches(key, size, tags)) {
                Instant at = rule.currentExpiry(created, day);
                if (best == null || at.isBefore(best.date())) {
                    best = new Expiry(at, rule.id());
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The engine's text form of this configuration. */
    public String encode() {
        return LifecycleCodec.encode(this);
    }

    /** Reads what {@link #encode} wrote. */
    public static LifecycleConfiguration decode(String document) {
        return LifecycleCodec.decode(document);
    }
}
