package coffer.gateway.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Session and CSRF tokens: 32 random bytes in base64url; only their SHA-256 is ever stored. */
final class Tokens {
    private static final int TOKEN_BYTES = 32;
    private static final java.util.regex.Pattern SHAPE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random;

    Tokens(SecureRandom random) {
        this.random = random;
    }

    String fresh() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code token} has the shape of one of ours (anything else is not looked up). */
    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    /** Constant-time comparison of two tokens (of their hashes, so that lengths leak nothing either). */
    static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(hash(a), hash(b));
    }
}
