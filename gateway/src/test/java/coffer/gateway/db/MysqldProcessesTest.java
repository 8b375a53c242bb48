package coffer.gateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MysqldProcessesTest {
    private static final Path DATA = Path.of("/var/lib/coffer/db/data");

    @Test
    void onlyAMysqldForThisDataDirectoryIsOurs() {
        String[] ours = {"--no-defaults", "--datadir=/var/lib/coffer/db/data", "--port=3306"};
        assertTrue(MysqldProcesses.isMysqldFor("/opt/x/bin/mariadbd", ours, DATA));
        assertTrue(MysqldProcesses.isMysqldFor("/opt/x/bin/mysqld", ours, DATA));
        assertTrue(MysqldProcesses.isMysqldFor("/opt/x/bin/mysqld",
                new String[] {"--datadir", "/var/lib/coffer/db/data"}, DATA));
        // EmbeddedMariaDb spells a data directory under /tmp as /./tmp/...
        assertTrue(MysqldProcesses.isMysqldFor("/b/mariadbd", new String[] {"--datadir=/./tmp/g/db/data"},
                Path.of("/tmp/g/db/data")));

        assertFalse(MysqldProcesses.isMysqldFor("/opt/x/bin/mariadbd",
                new String[] {"--datadir=/var/lib/other/db/data"}, DATA), "another gateway's database");
        assertFalse(MysqldProcesses.isMysqldFor("/opt/x/bin/mariadbd",
                new String[] {"--datadir=/var/lib/coffer/db/data2"}, DATA), "a longer name is another directory");
        assertFalse(MysqldProcesses.isMysqldFor("/usr/bin/tail",
                new String[] {"--datadir=/var/lib/coffer/db/data"}, DATA), "not a mysqld");
        assertFalse(MysqldProcesses.isMysqldFor("/opt/x/bin/mariadbd", new String[0], DATA),
                "the system's MariaDB with its default directory");
    }

    @Test
    void aProcessThatIsNoMysqldIsNeverStoppedEvenIfItNamesTheDirectory(@TempDir Path dir)
            throws IOException, InterruptedException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Process sleeper = new ProcessBuilder("sh", "-c", "sleep 30; :", "sh", "--datadir=" + data).start();
        try {
            assertEquals(List.of(), MysqldProcesses.serving(data));
            assertEquals(0, MysqldProcesses.stopLeftOvers(data));
            assertFalse(sleeper.waitFor(200, TimeUnit.MILLISECONDS), "still running");
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
