package coffer.gateway.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Console passwords: Argon2id (Bouncy Castle), stored as a PHC string
 * {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH} (unpadded base64), so that the parameters can be raised later
 * without invalidating stored hashes. Parameters: 19 MiB of memory, 2 passes, 1 lane, a 16-byte random salt, a
 * 32-byte hash (OWASP's first recommended Argon2id configuration; docs/console.md). At most {@link #PARALLEL}
 * hashes run at once, so sign-in floods cannot take more than {@code PARALLEL x 19 MiB} of heap. Thread-safe.
 */
final class PasswordHasher {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int LANES = 1;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    static final int PARALLEL = 4;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,2}),p=(\\d{1,2})"
                    + "\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{16,128})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final SecureRandom random;
    private final Semaphore slots = new Semaphore(PARALLEL, true);
    private final String dummy;

    PasswordHasher(SecureRandom random) {
        this.random = random;
        // Verified against when the e-mail address is unknown, so that such a sign-in takes as long as a real one.
        this.dummy = hash("not a password of anyone".toCharArray());
    }

    /** A new PHC string for {@code password}. */
    String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt)
                + "$" + B64.encodeToString(out);
    }

    /** Whether {@code password} matches {@code stored}; a malformed or out-of-bounds stored string never does. */
    boolean verify(char[] password, String stored) {
        Matcher m = PHC.matcher(stored == null ? "" : stored);
        if (!m.matches()) {
            return false;
        }
        int memory = Integer.parseInt(m.group(1));
        int iterations = Integer.parseInt(m.group(2));
        int lanes = Integer.parseInt(m.group(3));
        // Bounds against a tampered row asking for gigabytes or hours.
        if (memory < 8 || memory > 256 * 1024 || iterations < 1 || iterations > 10 || lanes < 1 || lanes > 8) {
            return false;
        }
        byte[] salt = B64D.decode(m.group(4));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, salt, memory, iterations, lanes, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification, for an e-mail address that has no user. Always false. */
    boolean verifyNobody(char[] password) {
        verify(password, dummy);
        return false;
    }

    private byte[] derive(char[] password, byte[] salt, int memory, int iterations, int lanes, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt).withMemoryAsKB(memory)
                .withIterations(iterations).withParallelism(lanes).build();
        byte[] secret = toUtf8(password);
        byte[] out = new byte[length];
        try {
            if (!slots.tryAcquire(30, TimeUnit.SECONDS)) {
                throw ConsoleException.busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConsoleException.busy();
        }
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(params);
            generator.generateBytes(secret, out);
            return out;
        } finally {
            slots.release();
            Arrays.fill(secret, (byte) 0);
        }
    }

    private static byte[] toUtf8(char[] password) {
        java.nio.ByteBuffer buffer = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}
