package coffer.storage.internal.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Object keys as the catalog orders them: UTF-8 bytes compared unsigned, byte by byte. */
final class KeyBytes {
    private KeyBytes() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    static boolean startsWith(byte[] s, byte[] prefix) {
        return s.length >= prefix.length && Arrays.equals(s, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** First index {@code >= from} where {@code needle} occurs in {@code s}, or -1. */
    static int indexOf(byte[] s, byte[] needle, int from) {
        for (int i = from; i + needle.length <= s.length; i++) {
            if (Arrays.equals(s, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The smallest byte string greater than every string that starts with {@code prefix}: drop trailing 0xFF
     * bytes and increment the last remaining one. Null when there is none (empty or all 0xFF).
     */
    static byte[] successor(byte[] prefix) {
        int n = prefix.length;
        while (n > 0 && prefix[n - 1] == (byte) 0xFF) {
            n--;
        }
        if (n == 0) {
            return null;
        }
        byte[] next = Arrays.copyOf(prefix, n);
        next[n - 1]++;
        return next;
    }

    /**
     * The common prefix {@code key} rolls up into: {@code prefix} plus everything up to and including the first
     * {@code delimiter} after it. Null when {@code key} does not start with {@code prefix} or has no delimiter
     * after it.
     */
    static byte[] rollUp(byte[] key, byte[] prefix, byte[] delimiter) {
        if (delimiter == null || !startsWith(key, prefix)) {
            return null;
        }
        int at = indexOf(key, delimiter, prefix.length);
        return at < 0 ? null : Arrays.copyOf(key, at + delimiter.length);
    }
}
