package coffer.storage.lifecycle;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One rule of a bucket's lifecycle configuration (docs/lifecycle.md). The S3 layer validates a rule as AWS does
 * before it gets here; the engine only applies it. Each action is null when absent.
 *
 * @param id                        the rule's ID (at most 255 characters; the S3 layer makes one when none is given)
 * @param enabled                   Status Enabled (a disabled rule is kept and shown, never applied)
 * @param expirationDays            Expiration/Days: current versions expire that many days after their creation
 * @param expirationDate            Expiration/Date (midnight UTC): current versions expire from then on
 * @param expiredObjectDeleteMarker Expiration/ExpiredObjectDeleteMarker as written (null when absent)
 * @param noncurrentDays            NoncurrentVersionExpiration/NoncurrentDays: days after becoming noncurrent
 * @param newerNoncurrentVersions   NoncurrentVersionExpiration/NewerNoncurrentVersions: how many of the newest
 *                                  noncurrent versions are kept regardless
 * @param abortDays                 AbortIncompleteMultipartUpload/DaysAfterInitiation
 */
public record LifecycleRule(String id, boolean enabled, LifecycleFilter filter, Integer expirationDays,
                            Instant expirationDate, Boolean expiredObjectDeleteMarker, Integer noncurrentDays,
                            Integer newerNoncurrentVersions, Integer abortDays) {
    public LifecycleRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
    }

    /** Whether this enabled rule expires current versions (Days or Date). */
    public boolean expiresCurrent() {
        return enabled && (expirationDays != null || expirationDate != null);
    }

    /** Whether this enabled rule removes a delete marker that is a key's only version. */
    public boolean removesExpiredDeleteMarkers() {
        return enabled && Boolean.TRUE.equals(expiredObjectDeleteMarker);
    }

    /** Whether this enabled rule expires noncurrent versions. */
    public boolean expiresNoncurrent() {
        return enabled && noncurrentDays != null;
    }

    /** Whether this enabled rule aborts incomplete multipart uploads. */
    public boolean abortsUploads() {
        return enabled && abortDays != null;
    }

    /**
     * When the current version written at {@code created} expires under this rule, with days of {@code day}
     * (null when the rule does not expire current versions).
     */
    public Instant currentExpiry(Instant created, java.time.Duration day) {
        if (expirationDate != null) {
            return expirationDate;
        }
        return expirationDays == null ? null : LifecycleDays.after(created, expirationDays, day);
    }

    public boolean matches(String key, long size, Map<String, String> tags) {
        return filter.matches(key, size, tags);
    }
}
