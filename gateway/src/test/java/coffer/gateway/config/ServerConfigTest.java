package coffer.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import coffer.storage.blob.VolumeSettings;
import coffer.storage.maintenance.MaintenanceSchedule;
import coffer.storage.multipart.MultipartLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
    private static ServerConfig config(Optional<String> domain) {
        return ServerConfig.builder().dataDir(Path.of("var")).domain(domain).build();
    }

    @Test
    void validatesAndNormalises() {
        assertEquals(Optional.empty(), config(Optional.of(" ")).domain());
        assertEquals(Path.of("var", "credentials"), config(Optional.empty()).credentialsFile());
        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.PORT.check(70000));
        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.REGION.check("US East"));
        assertThrows(IllegalArgumentException.class, () -> GatewaySettings.DB_URL.check("jdbc:postgresql://h/db"));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().httpEnabled(false).build(),
                "HTTPS alone needs HTTPS");
    }

    @Test
    void theBuilderStartsFromTheTablesAndTheEnginesDefaults() {
        ServerConfig defaults = ServerConfig.builder().build();
        assertEquals(9000, defaults.port());
        assertEquals(9001, defaults.admin().port());
        assertEquals(Path.of("./var"), defaults.dataDir());
        assertEquals(VolumeSettings.DEFAULTS, defaults.volumes());
        assertEquals(MultipartLimits.DEFAULTS, defaults.multipart());
        assertEquals(MaintenanceSchedule.DEFAULTS, defaults.maintenance());
        assertEquals(Duration.ofMinutes(5), defaults.gcGrace());
        assertEquals(64L << 20, defaults.minFreeBytes());
        assertEquals(Limits.DEFAULTS, defaults.limits());
        assertEquals(TlsConfig.OFF, defaults.tls());
    }

    @Test
    void secretsStayOutOfToString() {
        var keys = new ServerConfig.KeyPair("ACCESSKEY1", "very-secret-value");
        assertFalse(keys.toString().contains("very-secret-value"));
        var db = new ServerConfig.DatabaseConfig("jdbc:mariadb://h/db", "u", "db-password-value");
        assertFalse(db.toString().contains("db-password-value"));
    }
}
