package coffer.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {
    @TempDir
    Path dir;

    @Test
    void firstStartCreatesA0600FileAndLaterStartsReadIt() throws IOException {
        Path file = dir.resolve("admin.token");
        AdminToken created = AdminToken.loadOrCreate(Optional.empty(), file, new SecureRandom());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token);
        assertTrue(created.matches(token));
        AdminToken again = AdminToken.loadOrCreate(Optional.empty(), file, new SecureRandom());
        assertTrue(again.matches(token));
        assertEquals(token, Files.readString(file, StandardCharsets.US_ASCII).strip(), "the file is not rewritten");
    }

    @Test
    void aGivenTokenWinsAndNoFileIsWritten() throws IOException {
        Path file = dir.resolve("admin.token");
        AdminToken t = AdminToken.loadOrCreate(Optional.of("from-the-environment-123"), file, new SecureRandom());
        assertTrue(t.matches("from-the-environment-123"));
        assertFalse(Files.exists(file));
    }

    @Test
    void onlyTheExactTokenMatches() {
        AdminToken t = AdminToken.of("correct-horse-battery-staple");
        assertTrue(t.matches("correct-horse-battery-staple"));
        assertFalse(t.matches("correct-horse-battery-stapl"));
        assertFalse(t.matches("correct-horse-battery-staple "));
        assertFalse(t.matches("CORRECT-HORSE-BATTERY-STAPLE"));
        assertFalse(t.matches(""));
        assertFalse(t.matches(null));
        assertFalse(t.toString().contains("horse"));
    }

    @Test
    void shortOrSpacedTokensAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AdminToken.of("short"));
        assertThrows(IllegalArgumentException.class, () -> AdminToken.of("has a space in the middle"));
    }
}
