package coffer.gateway.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The admin API's bearer token. Either given ({@code COFFER_ADMIN_TOKEN}) or kept in a file that the first start
 * creates with mode 0600 and 32 random bytes (base64url); later starts read it back. Presented tokens are compared
 * in constant time (SHA-256 of both sides, then {@link MessageDigest#isEqual}), so neither the content nor the
 * length leaks through timing. {@link #toString()} never shows the token. Immutable, thread-safe.
 */
public final class AdminToken {
    private static final int RANDOM_BYTES = 32;
    private static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private AdminToken(String token) {
        if (token.length() < MIN_LENGTH || !token.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
            throw new IllegalArgumentException("the admin token must be at least " + MIN_LENGTH
                    + " printable ASCII characters without spaces");
        }
        this.digest = sha256(token);
    }

    public static AdminToken of(String token) {
        return new AdminToken(token);
    }

    /**
     * The given token if present; else the one in {@code file}, created (0600) with a fresh random token if it does
     * not exist yet.
     */
    public static AdminToken loadOrCreate(Optional<String> given, Path file, SecureRandom random) throws IOException {
        if (given.isPresent()) {
            return of(given.get());
        }
        if (!Files.exists(file)) {
            byte[] bytes = new byte[RANDOM_BYTES];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
                return of(token);
            } catch (FileAlreadyExistsException e) {
                // Another process created it meanwhile: use theirs.
            }
        }
        return of(Files.readString(file, StandardCharsets.US_ASCII).strip());
    }

    /** Constant-time comparison of a presented token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[<redacted>]";
    }
}
