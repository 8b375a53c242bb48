package coffer.storage.accounts;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates credentials in AWS's shapes: access key ids of 20 characters {@code [A-Z0-9]} starting with
 * {@code CF} (18 random characters, about 93 bits), secrets of 40 base64 characters (30 random bytes).
 * Thread-safe if the SecureRandom is (the JDK's are).
 */
final class AccessKeyGenerator {
    static final String ID_PREFIX = "CF";
    static final int ID_LENGTH = 20;
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final int SECRET_BYTES = 30;

    private final SecureRandom random;

    AccessKeyGenerator(SecureRandom random) {
        this.random = random;
    }

    String newAccessKeyId() {
        StringBuilder id = new StringBuilder(ID_LENGTH).append(ID_PREFIX);
        while (id.length() < ID_LENGTH) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    String newSecretKey() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
