package coffer.gateway;

import coffer.gateway.config.ServeOptions;
import coffer.gateway.config.ServerConfig;
import coffer.gateway.db.DataSources;
import coffer.gateway.db.EmbeddedMariaDb;
import coffer.gateway.db.MariaDbBinaries;
import coffer.storage.EngineSettings;
import coffer.storage.GatewayIdentity;
import coffer.storage.KeyDirectoryException;
import coffer.storage.StorageEngine;
import coffer.storage.blob.BlobMigrationReport;
import coffer.storage.blob.BlobMigrationReport.Step;
import coffer.storage.blob.S3BlobSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coffer admin blobs migrate}: moves a single-node installation's local blobs to an S3 store and switches its
 * catalog to it ({@link StorageEngine#migrateBlobs}; docs/operations.md, "Moving local blobs to an S3 store"). It
 * takes every setting of {@code coffer serve} (flags, {@code COFFER_*} variables, {@code --config}): the ones the
 * gateway will run with afterwards, i.e. the installation's data directory, database and keys, and
 * {@code --blob-store s3} with the {@code --blob-s3-*} settings of the target store. Offline: it opens the data
 * directory and the catalog itself, so every gateway on the catalog must be stopped; it refuses otherwise.
 * Exit codes: 0 done (switched, or verified), 1 refused or failed, 2 bad settings, 4 the store or the database could
 * not be reached, 5 blobs missing, damaged or not verified (nothing switched, nothing removed).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false, modelTransformer = ServeOptions.class,
        description = {"Copy the installation's local blobs to an S3 store, verify every blob the catalog names, and "
                + "switch the catalog to the store. Run with the gateway stopped, and with the settings the gateway "
                + "will run with afterwards: its --data-dir (and --db-url, keys), plus --blob-store s3 and the "
                + "--blob-s3-* settings of the store. Blobs are copied as they are stored (encrypted); nothing is "
                + "decrypted. Until the switch the installation still runs on its local blobs; a run that was "
                + "stopped or failed is resumed by running it again. Local blobs stay until --remove-local.",
            "Every setting can also come from COFFER_<NAME> or the --config file, as for coffer serve."})
final class MigrateBlobsCommand implements Callable<Integer> {
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 4;
    static final int PROBLEMS = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--verify", description = "Only verify: every blob the catalog names is in the store and equal "
            + "to its local copy. Copies nothing, switches nothing.")
    boolean verifyOnly;

    @Option(names = "--remove-local", description = "After the switch: verify again, then delete the local blob "
            + "files and volumes (DATA-DIR/blobs). Refused before the switch.")
    boolean removeLocal;

    @Option(names = "--allow-missing", description = "Switch even though some blobs are missing or damaged at the "
            + "source (they are unreadable before and after; the run lists them).")
    boolean allowMissing;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return migrate(out);
        } catch (BadUsage e) {
            return fail(err, e.getMessage(), USAGE);
        } catch (IllegalArgumentException e) {
            return fail(err, e.getMessage(), USAGE);
        } catch (IllegalStateException | KeyDirectoryException e) {
            return fail(err, e.getMessage(), REFUSED);
        } catch (IOException e) {
            return fail(err, e.getMessage(), UNREACHABLE);
        } catch (Exception e) {
            return fail(err, e.toString(), REFUSED);
        } finally {
            out.flush();
        }
    }

    private int migrate(PrintWriter out) throws Exception {
        if (verifyOnly && removeLocal) {
            throw new BadUsage("--verify and --remove-local exclude each other");
        }
        ServeCommand serve = new ServeCommand();
        serve.spec = spec;
        ServerConfig config = serve.config();
        S3BlobSettings target = config.blobS3().orElseThrow(() -> new BadUsage("name the S3 store to migrate to:"
                + " --blob-store s3 with --blob-s3-endpoint, --blob-s3-bucket and its credentials, as the gateway"
                + " will run afterwards"));
        if (!Files.isDirectory(config.dataDir())) {
            throw new BadUsage("no installation at --data-dir " + config.dataDir());
        }
        Step step = verifyOnly ? Step.VERIFY : removeLocal ? Step.REMOVE_LOCAL : Step.MIGRATE;
        SecureRandom random = new SecureRandom();
        StorageEngine.Keys keys = config.clusterKeyFile().isPresent()
                ? StorageEngine.openClusterKeys(config.clusterKeyFile().get(), config.keyDir(), random)
                : StorageEngine.openKeys(config.keyDir(), random);
        EmbeddedMariaDb embedded = null;
        try {
            ServerConfig.DatabaseConfig db;
            if (config.database().isPresent()) {
                db = config.database().get();
            } else {
                if (EmbeddedMariaDb.inUse(config.databaseDir())) {
                    throw new IllegalStateException("a MariaDB serves " + config.databaseDir() + ": the gateway"
                            + " runs (or was killed and left its database running); stop it first");
                }
                embedded = EmbeddedMariaDb.start(config.databaseDir(), 0,
                        config.dbBinaries().orElseGet(MariaDbBinaries::defaultRoot));
                db = embedded.catalog();
            }
            try (HikariDataSource pool = DataSources.pool(db.url(), db.user(), db.password())) {
                EngineSettings settings = new EngineSettings(config.blobDir(), config.minFreeBytes(),
                        config.volumesEnabled(), config.volumes(), config.gcGrace(), config.multipart(),
                        Clock.systemUTC(), random, GatewayIdentity.anonymous(random)).withS3(target);
                out.println(describe(step) + ": " + config.blobDir() + " -> " + target.endpoint() + " bucket "
                        + target.bucket() + (target.prefix().isEmpty() ? "" : " prefix " + target.prefix()));
                out.flush();
                BlobMigrationReport report = StorageEngine.migrateBlobs(settings, keys, pool, step, allowMissing,
                        line -> {
                            out.println("  " + line);
                            out.flush();
                        });
                return print(out, report);
            }
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static String describe(Step step) {
        return switch (step) {
            case MIGRATE -> "Migrating blobs";
            case VERIFY -> "Verifying blobs";
            case REMOVE_LOCAL -> "Verifying blobs, then removing the local ones";
        };
    }

    private int print(PrintWriter out, BlobMigrationReport r) {
        out.printf("Catalog rows: %d, blobs copied: %d (%d bytes), already in the store: %d, verified: %d,"
                + " problems: %d%n", r.rows(), r.copied(), r.copiedBytes(), r.alreadyCopied(), r.verified(),
                r.problemCount());
        for (String p : r.problems()) {
            out.println("problem  " + p);
        }
        if (r.problemCount() > r.problems().size()) {
            out.println("... and " + (r.problemCount() - r.problems().size()) + " more");
        }
        if (r.switched()) {
            out.println("The catalog's blobs are in the S3 store (switched " + r.switchedAt() + "). Start the gateway"
                    + " with --blob-store s3 and these --blob-s3-* settings.");
        } else if (r.step() == Step.MIGRATE) {
            out.println("Not switched: the installation still runs on its local blobs. Fix the problems above and run"
                    + " again (what was copied is kept)" + (r.problemCount() > 0 ? ", or use --allow-missing for"
                    + " blobs missing at the source." : "."));
        }
        if (r.step() == Step.REMOVE_LOCAL) {
            out.println(r.problemCount() == 0 ? "Removed " + r.localFilesRemoved() + " local blob files and volumes."
                    : "Nothing removed.");
        }
        // With --allow-missing a switch over blobs missing at the source is what was asked for.
        return r.problemCount() > 0 && !(r.switched() && allowMissing) ? PROBLEMS : 0;
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("coffer admin blobs migrate: " + message);
        err.flush();
        return code;
    }

    /** Settings that do not describe a migration. */
    private static final class BadUsage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadUsage(String message) {
            super(message);
        }
    }
}
