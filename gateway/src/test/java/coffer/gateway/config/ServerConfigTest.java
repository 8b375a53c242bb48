package coffer.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private static ServerConfig config(int port, String region, Optional<String> domain) {
        return new ServerConfig("127.0.0.1", port, Path.of("var"), Optional.empty(), domain, region, Optional.empty());
    }

    @Test
    void validatesAndNormalises() {
        assertEquals(Optional.empty(), config(9000, "us-east-1", Optional.of(" ")).domain());
        assertEquals(Path.of("var", "credentials"), config(9000, "us-east-1", Optional.empty()).credentialsFile());
        assertThrows(IllegalArgumentException.class, () -> config(70000, "us-east-1", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> config(9000, "US East", Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new ServerConfig.DatabaseConfig("jdbc:postgresql://h/db", "u", "p"));
    }

    @Test
    void secretsStayOutOfToString() {
        var keys = new ServerConfig.KeyPair("ACCESSKEY1", "very-secret-value");
        assertFalse(keys.toString().contains("very-secret-value"));
        var db = new ServerConfig.DatabaseConfig("jdbc:mariadb://h/db", "u", "db-password-value");
        assertFalse(db.toString().contains("db-password-value"));
    }
}
