package coffer.it.crash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The content of version {@code version} of object {@code key}: {@code size} bytes that are a pure function of
 * (key, version), so the harness can check what it reads back without keeping any copy of what it wrote. Byte
 * {@code p} is byte {@code p % 8} of a 64-bit mix of (seed, {@code p / 8}), so content is random-access and two
 * versions of one key, or one version cut short and padded with another, never agree.
 */
final class VersionContent {
    private static final int CHUNK = 64 * 1024;

    private VersionContent() {
    }

    static long seed(String key, long version) {
        long h = 0x51ED270B2A4C3F9DL ^ version * 0x9E3779B97F4A7C15L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return h;
    }

    /** A fresh stream of the whole content; never holds more than one chunk. */
    static InputStream stream(String key, long version, long size) {
        return stream(key, version, 0, size);
    }

    /** A fresh stream of bytes {@code offset} to {@code offset + length} of the content (one part's body). */
    static InputStream stream(String key, long version, long offset, long length) {
        long seed = seed(key, version);
        long end = offset + length;
        return new InputStream() {
            private long position = offset;

            @Override
            public int read() {
                if (position >= end) {
                    return -1;
                }
                return byteAt(seed, position++) & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (position >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - position);
                fill(seed, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /** The MD5 of the whole content (the ETag of a single-part PUT). */
    static byte[] md5(String key, long version, long size) {
        return md5(key, version, 0, size);
    }

    /** The MD5 of bytes {@code offset} to {@code offset + length} (the ETag of one part). */
    static byte[] md5(String key, long version, long offset, long length) {
        MessageDigest md5 = newMd5();
        byte[] buf = new byte[CHUNK];
        long seed = seed(key, version);
        for (long p = offset; p < offset + length; p += CHUNK) {
            int n = (int) Math.min(CHUNK, offset + length - p);
            fill(seed, p, buf, 0, n);
            md5.update(buf, 0, n);
        }
        return md5.digest();
    }

    /**
     * The quoted ETag S3 gives {@code state} of {@code key}: the MD5 of the content for a PUT; for a multipart
     * upload the MD5 of the concatenated binary MD5s of its parts, a dash and the number of parts.
     */
    static String etag(String key, ObjectState state) {
        if (!state.multipart()) {
            return quotedHex(md5(key, state.version(), state.size()));
        }
        MessageDigest ofParts = newMd5();
        for (int i = 0; i < state.partCount(); i++) {
            ofParts.update(md5(key, state.version(), state.partOffset(i), state.partLength(i)));
        }
        return "\"" + HexFormat.of().formatHex(ofParts.digest()) + "-" + state.partCount() + "\"";
    }

    static String quotedHex(byte[] digest) {
        return "\"" + HexFormat.of().formatHex(digest) + "\"";
    }

    /**
     * Reads {@code in} to its end and returns null if it is exactly the content of (key, version) of length
     * {@code size}, otherwise a description of the first difference.
     */
    static String mismatch(InputStream in, String key, long version, long size) throws IOException {
        long seed = seed(key, version);
        byte[] got = new byte[CHUNK];
        byte[] want = new byte[CHUNK];
        long position = 0;
        int n;
        while ((n = in.readNBytes(got, 0, CHUNK)) > 0) {
            if (position + n > size) {
                return "longer than " + size + " bytes";
            }
            fill(seed, position, want, 0, n);
            int at = Arrays.mismatch(got, 0, n, want, 0, n);
            if (at >= 0) {
                return "differs at byte " + (position + at) + " of " + size;
            }
            position += n;
        }
        return position == size ? null : "only " + position + " of " + size + " bytes";
    }

    private static void fill(long seed, long position, byte[] b, int off, int len) {
        long word = 0;
        for (int i = 0; i < len; i++) {
            long p = position + i;
            if (i == 0 || (p & 7) == 0) {
                word = wordAt(seed, p >>> 3); // one mix per 8 bytes
            }
            b[off + i] = (byte) (word >>> ((p & 7) << 3));
        }
    }

    private static byte byteAt(long seed, long position) {
        return (byte) (wordAt(seed, position >>> 3) >>> ((position & 7) << 3));
    }

    private static long wordAt(long seed, long index) {
        return mix(seed + index * 0xD1B54A32D192ED03L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
