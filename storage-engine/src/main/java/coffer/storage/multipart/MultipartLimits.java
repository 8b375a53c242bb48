package coffer.storage.multipart;

import java.time.Duration;

/**
 * What an account may hold in multipart uploads besides their bytes (docs/accounts.md, "Multipart uploads").
 *
 * @param maxOpenUploads uploads in progress an account may have at once; creating one more is refused
 *                       (TOO_MANY_UPLOADS) until one completes, is aborted or expires
 * @param expiry         an upload whose last activity (its creation or its latest part) is older than this is
 *                       aborted by the background reaper, its parts freed and their usage given back
 */
public record MultipartLimits(int maxOpenUploads, Duration expiry) {
    public static final MultipartLimits DEFAULTS = new MultipartLimits(10_000, Duration.ofDays(7));

    public MultipartLimits {
        if (maxOpenUploads < 1) {
            throw new IllegalArgumentException("the open upload limit must be at least 1");
        }
        if (expiry == null || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("the multipart upload expiry must be positive");
        }
    }

    /**
     * How often the reaper looks for idle uploads: a tenth of the expiry, between one second and one hour, so an
     * upload outlives its expiry by at most about a tenth of it.
     */
    public Duration reapInterval() {
        Duration tenth = expiry.dividedBy(10);
        Duration floor = Duration.ofSeconds(1);
        Duration ceiling = Duration.ofHours(1);
        return tenth.compareTo(floor) < 0 ? floor : tenth.compareTo(ceiling) > 0 ? ceiling : tenth;
    }
}
