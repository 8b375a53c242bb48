package coffer.storage.internal.catalog;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Version ids (docs/versioning.md): 12 hex digits of {@code 0xFFFFFFFFFFFF - t} (t: the version's LastModified in
 * epoch milliseconds), then 20 random hex digits. Ascending string order is newest first, which is the order of
 * {@code object_version}'s primary key. A {@code null} version gets an order key with 20 zero digits when it
 * leaves {@code object}. Thread-safe.
 */
public final class VersionIds {
    private static final long MAX_MILLIS = 0xFFFF_FFFF_FFFFL;
    private final SecureRandom random;

    public VersionIds(SecureRandom random) {
        this.random = random;
    }

    /** A fresh id for a version written at {@code time}. */
    String next(Instant time) {
        byte[] suffix = new byte[10];
        random.nextBytes(suffix);
        return prefix(time) + HexFormat.of().formatHex(suffix);
    }

    /** The order key of the {@code null} version written at {@code time}. */
    static String forNullVersion(Instant time) {
        return prefix(time) + "0".repeat(20);
    }

    /** A new version's time: {@code now}, or 1 ms after the key's newest version if that is not earlier. */
    static Instant after(Instant now, Instant newest) {
        return newest == null || now.isAfter(newest) ? now : newest.plusMillis(1);
    }

    private static String prefix(Instant time) {
        return String.format("%012x", MAX_MILLIS - time.toEpochMilli());
    }
}
