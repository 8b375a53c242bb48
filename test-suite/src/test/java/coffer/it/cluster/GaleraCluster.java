package coffer.it.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A MariaDB Galera cluster of {@code n} nodes on loopback, from Debian's {@code mariadb-server} and {@code galera-4}
 * (docs/cluster.md, "make test-cluster"). Every node has its own data directory, socket and four free ports (client,
 * group communication, IST, SST) under one temporary directory; the first is installed with
 * {@code mariadb-install-db} and bootstraps the cluster ({@code --wsrep-new-cluster}), the others join it with an
 * rsync state transfer. As root the servers run as the {@code mysql} user: the rsync daemon of a state transfer
 * started by root drops to {@code nobody} and could not write the joiner's data directory.
 *
 * <p>Every server's pid is appended to {@link #PID_FILE} as it starts, so that {@code make test-cluster} can kill
 * what a JVM that died abruptly left running (by those pids only). {@link #close} kills every node and its
 * children (SIGKILL: the directory is thrown away) and removes the directory; a JVM shutdown hook does the same.
 */
final class GaleraCluster implements AutoCloseable {
    static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    static final Path CLIENT = Path.of("/usr/bin/mariadb");
    static final Path PROVIDER = Path.of("/usr/lib/galera/libgalera_smm.so");
    /** Pids of the servers started, one a line; read by the Makefile's clean-up. */
    static final Path PID_FILE = Path.of("target", "galera-cluster.pids");
    static final String DATABASE = "coffer";
    static final String USER = "coffer";

    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(3);
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    /** One node: its ports, directory and server process (null when not running). */
    static final class Node {
        final int index;
        final int port;
        final int groupPort;
        final int istPort;
        final int sstPort;
        final Path dir;
        Process process;

        Node(int index, int[] ports, Path dir) {
            this.index = index;
            this.port = ports[0];
            this.groupPort = ports[1];
            this.istPort = ports[2];
            this.sstPort = ports[3];
            this.dir = dir;
        }

        Path socket() {
            return dir.resolve("mysqld.sock");
        }

        Path errorLog() {
            return dir.resolve("error.log");
        }

        @Override
        public String toString() {
            return "node" + index + " (port " + port + ")";
        }
    }

    private final Path base;
    private final List<Node> nodes = new ArrayList<>();
    private final String password;
    private final Thread hook = new Thread(this::killAll, "galera-cluster-cleanup");

    private GaleraCluster(Path base, String password) {
        this.base = base;
        this.password = password;
    }

    /** Whether the packages are installed (the Makefile installs them; without them the test cannot run). */
    static boolean installed() {
        return Files.isExecutable(MARIADBD) && Files.isExecutable(INSTALL_DB) && Files.isExecutable(CLIENT)
                && Files.isRegularFile(PROVIDER);
    }

    /** Starts {@code size} nodes, waits until all are Synced in one cluster, creates the catalog's database. */
    static GaleraCluster start(int size, String password) throws IOException, InterruptedException {
        GaleraCluster cluster = new GaleraCluster(Files.createTempDirectory("coffer-galera-"), password);
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            int[][] ports = freePorts(size, 4);
            for (int i = 0; i < size; i++) {
                Path dir = Files.createDirectories(cluster.base.resolve("n" + (i + 1)));
                Files.createDirectories(dir.resolve("data"));
                Files.createDirectories(dir.resolve("tmp"));
                cluster.nodes.add(new Node(i + 1, ports[i], dir));
            }
            cluster.handToServerUser();
            Node first = cluster.nodes.get(0);
            cluster.run(List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + first.dir.resolve("data"),
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--innodb-log-file-size=16M")
                    , first.dir.resolve("install.log"), Duration.ofMinutes(2));
            cluster.handToServerUser();
            cluster.startNode(first, true);
            cluster.awaitSynced(first, 1);
            cluster.sql(first, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
                    + " CREATE USER '" + USER + "'@'127.0.0.1' IDENTIFIED BY '" + password + "';"
                    + " GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'127.0.0.1';");
            for (Node n : cluster.nodes.subList(1, size)) {
                cluster.startNode(n, false);
            }
            for (Node n : cluster.nodes) {
                cluster.awaitSynced(n, size);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close(true);
            throw e;
        }
    }

    List<Node> nodes() {
        return nodes;
    }

    /** The catalog's URL over every node, in order: the driver connects to the first that answers. */
    String sequentialUrl() {
        return "jdbc:mariadb:sequential://" + nodes.stream().map(n -> "127.0.0.1:" + n.port)
                .collect(Collectors.joining(",")) + "/" + DATABASE;
    }

    String password() {
        return password;
    }

    /** SIGKILL to the node's server and everything it started: no flush, no goodbye to the group. */
    void kill9(Node n) throws InterruptedException {
        Process p = n.process;
        n.process = null;
        if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a killed node again: it rejoins the cluster (IST from a donor's gcache, or a state transfer). */
    void restart(Node n) throws IOException, InterruptedException {
        startNode(n, false);
        awaitSynced(n, nodes.size());
    }

    /** The node's {@code SHOW STATUS} value of {@code variable}, through its socket as root. */
    String status(Node n, String variable) throws IOException, InterruptedException {
        String out = sql(n, "SHOW STATUS LIKE '" + variable + "'");
        String[] fields = out.strip().split("\t");
        return fields.length == 2 ? fields[1] : "";
    }

    /** Runs SQL on the node as root through its socket; the output without column names. */
    String sql(Node n, String statements) throws IOException, InterruptedException {
        return run(List.of(CLIENT.toString(), "--no-defaults", "--socket=" + n.socket(), "-uroot", "-N", "-B",
                "-e", statements), null, Duration.ofSeconds(60));
    }

    private void startNode(Node n, boolean bootstrap) throws IOException {
        String address = nodes.stream().map(x -> "127.0.0.1:" + x.groupPort).collect(Collectors.joining(","));
        List<String> cmd = new ArrayList<>(List.of(MARIADBD.toString(), "--no-defaults",
                "--datadir=" + n.dir.resolve("data"), "--socket=" + n.socket(), "--port=" + n.port,
                "--bind-address=127.0.0.1", "--pid-file=" + n.dir.resolve("mysqld.pid"),
                "--log-error=" + n.errorLog(), "--tmpdir=" + n.dir.resolve("tmp"), "--skip-name-resolve",
                "--performance-schema=OFF", "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M",
                // What Galera needs of every node (docs/deploy.md, "A cluster").
                "--binlog-format=ROW", "--default-storage-engine=InnoDB", "--innodb-autoinc-lock-mode=2",
                // Durability comes from the other nodes here; the test is about failover, not about fsync.
                "--innodb-flush-log-at-trx-commit=2",
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin", "--max-allowed-packet=64M",
                "--wsrep-on=ON", "--wsrep-provider=" + PROVIDER, "--wsrep-cluster-name=coffer-test",
                "--wsrep-node-name=node" + n.index, "--wsrep-cluster-address=gcomm://" + address,
                "--wsrep-node-address=127.0.0.1:" + n.groupPort,
                "--wsrep-sst-receive-address=127.0.0.1:" + n.sstPort, "--wsrep-sst-method=rsync",
                "--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:" + n.groupPort
                        + ";ist.recv_addr=127.0.0.1:" + n.istPort + ";base_port=" + n.groupPort
                        + ";gcache.size=32M"
                        // A node cut off from the primary fails a causal read after 5 s, not 30 (docs/deploy.md).
                        + ";repl.causal_read_timeout=PT5S"));
        if (ROOT) {
            cmd.add("--user=mysql");
        }
        if (bootstrap) {
            cmd.add("--wsrep-new-cluster");
        }
        n.process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(n.dir.resolve("console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        Files.createDirectories(PID_FILE.getParent());
        Files.writeString(PID_FILE, n.process.pid() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private void awaitSynced(Node n, int clusterSize) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        String state = "";
        String size = "";
        while (System.nanoTime() < deadline) {
            if (n.process == null || !n.process.isAlive()) {
                throw new IllegalStateException(n + " exited while starting:\n" + tail(n.errorLog(), 40));
            }
            if (Files.exists(n.socket())) {
                try {
                    state = status(n, "wsrep_local_state_comment");
                    size = status(n, "wsrep_cluster_size");
                    if (state.equals("Synced") && size.equals(String.valueOf(clusterSize))) {
                        return;
                    }
                } catch (IllegalStateException e) {
                    // Not accepting connections yet.
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(n + " not Synced in a cluster of " + clusterSize + " within " + SYNC_TIMEOUT
                + " (state " + state + ", size " + size + "):\n" + tail(n.errorLog(), 40));
    }

    /** Runs a program to completion; its output (into {@code log} if given), or IllegalStateException. */
    private String run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Path out = log != null ? log : Files.createTempFile(base, "cmd-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " exited " + p.exitValue() + ": " + output);
            }
            return output;
        } finally {
            p.destroyForcibly();
            if (log == null) {
                Files.deleteIfExists(out);
            }
        }
    }

    /** As root, the servers run as mysql: they must own their directories (and reach them). */
    private void handToServerUser() throws IOException, InterruptedException {
        if (ROOT) {
            run(List.of("chown", "-R", "mysql:mysql", base.toString()), null, Duration.ofMinutes(1));
        }
    }

    /** The last {@code lines} lines of a log, for a failure message. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + file + ": " + e + ")";
        }
    }

    /** Distinct free loopback ports, {@code perNode} for each node (all held open until all are chosen). */
    private static int[][] freePorts(int nodes, int perNode) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[][] ports = new int[nodes][perNode];
            for (int i = 0; i < nodes; i++) {
                for (int j = 0; j < perNode; j++) {
                    ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    held.add(s);
                    ports[i][j] = s.getLocalPort();
                }
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private void killAll() {
        for (Node n : nodes) {
            try {
                kill9(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        close(false);
    }

    /** Kills every node; removes the directory unless {@code keep} (then its path is printed, for the logs). */
    void close(boolean keep) {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs anyway.
        }
        if (keep) {
            System.out.println("[cluster] node logs kept in " + base);
            return;
        }
        try (Stream<Path> walk = Files.walk(base)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("[cluster] could not remove " + base + ": " + e);
        }
    }
}
