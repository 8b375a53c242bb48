package coffer.gateway.config;

import coffer.storage.multipart.MultipartLimits;
import java.time.Duration;

/**
 * Multipart upload limits (docs/configuration.md, docs/accounts.md "Multipart uploads").
 *
 * @param maxOpenUploads uploads in progress one account may have ({@code --max-open-uploads}); one more is refused
 *                       with 403 QuotaExceeded
 * @param expiry         an upload untouched (no part stored) for this long is aborted ({@code --multipart-expiry})
 */
public record MultipartConfig(int maxOpenUploads, Duration expiry) {
    public static final MultipartConfig DEFAULTS = new MultipartConfig(MultipartLimits.DEFAULTS.maxOpenUploads(),
            MultipartLimits.DEFAULTS.expiry());

    public MultipartConfig {
        if (maxOpenUploads < 1) {
            throw new IllegalArgumentException("--max-open-uploads must be at least 1");
        }
        if (expiry == null || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("--multipart-expiry must be positive");
        }
    }

    public MultipartLimits limits() {
        return new MultipartLimits(maxOpenUploads, expiry);
    }
}
