package coffer.storage.internal.catalog;

import coffer.storage.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Applies the catalog's Flyway migrations ({@code classpath:db/migration}). Idempotent: running it on an
 * up-to-date database changes nothing. Safe to call from several gateways at once (Flyway takes a lock).
 */
public final class CatalogSchema {
    private CatalogSchema() {
    }

    public static void migrate(DataSource db) {
        try {
            Flyway.configure()
                    .dataSource(db)
                    .locations("classpath:db/migration")
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException(SqlErrors.isUnavailable(e) ? StoreException.Reason.UNAVAILABLE
                    : StoreException.Reason.INTERNAL, "catalog migration failed", e);
        }
    }
}
