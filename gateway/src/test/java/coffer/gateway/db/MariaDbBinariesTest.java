package coffer.gateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared cache of MariaDB programs: real unpacking from the class path, real child JVMs, real file modes. */
class MariaDbBinariesTest {

    @Test
    void defaultRootFollowsXdgElseHome() {
        assertEquals(Path.of("/c/coffer"), MariaDbBinaries.defaultRoot(Map.of("XDG_CACHE_HOME", "/c"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/coffer"), MariaDbBinaries.defaultRoot(Map.of(), "/home/u"));
        // The XDG spec ignores a relative value.
        assertEquals(Path.of("/home/u/.cache/coffer"),
                MariaDbBinaries.defaultRoot(Map.of("XDG_CACHE_HOME", "rel"), "/home/u"));
    }

    /**
     * Three starts at once on an empty cache (this JVM and two others): one copy, complete and executable, and no
     * temporary directory left behind, including one an earlier crashed unpack left.
     */
    @Test
    void concurrentStartsUnpackOnce() throws Exception {
        Path root = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "bins-");
        Path crashed = Files.createDirectories(root.resolve(".mariadb-11.4.5-linux.tmp-crashed/bin"));
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Unpack.class.getName(), root.toString())
                    .redirectErrorStream(true).redirectOutput(root.resolve("child-" + i + ".log").toFile()).start());
        }
        Path here = CompletableFuture.supplyAsync(() -> {
            try {
                return MariaDbBinaries.ensure(root);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }).get(5, TimeUnit.MINUTES);
        for (Process child : children) {
            assertTrue(child.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, child.exitValue(), Files.readString(root.resolve("child-" + children.indexOf(child)
                    + ".log")));
        }
        assertEquals(root.resolve("mariadb-11.4.5-linux"), here);
        assertTrue(Files.isExecutable(here.resolve("bin/mariadbd")));
        assertTrue(Files.isExecutable(here.resolve("scripts/mariadb-install-db")));
        assertFalse(Files.exists(crashed.getParent()));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of("mariadb-11.4.5-linux"), entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".log") && !n.endsWith(".lock")).toList());
        }
        MariaDbBinaries.deleteTree(root);
    }

    /** A tree another user could change would run their code as ours: refused. */
    @Test
    void refusesATreeOthersCanWrite(@TempDir Path tmp) throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree/bin"));
        Path server = Files.writeString(tree.resolve("mariadbd"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));
        MariaDbBinaries.checkNotWritableByOthers(tmp.resolve("tree"));

        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThrows(IOException.class, () -> MariaDbBinaries.checkNotWritableByOthers(tmp.resolve("tree")));
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwxr-xr-x"));

        Files.createSymbolicLink(tree.resolve("libs"), Path.of("/tmp"));
        assertThrows(IOException.class, () -> MariaDbBinaries.checkNotWritableByOthers(tmp.resolve("tree")));
    }

    /** A child JVM's start: unpacks into the root given as argument. */
    public static final class Unpack {
        public static void main(String[] args) throws IOException {
            MariaDbBinaries.ensure(Path.of(args[0]));
        }
    }
}
