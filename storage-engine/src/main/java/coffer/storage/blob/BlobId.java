package coffer.storage.blob;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Identifies one stored blob: 128 random bits, written as 32 lower-case hex characters.
 * A blob id is never reused: every write, overwrite and part gets a fresh one.
 */
public record BlobId(String value) {
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{32}");

    public BlobId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("blob id must be 32 lower-case hex characters");
        }
    }

    public static BlobId random(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return new BlobId(HexFormat.of().formatHex(bytes));
    }

    public byte[] toBytes() {
        return HexFormat.of().parseHex(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
