package coffer.gateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DataSourcesTest {
    @Test
    void addsFailFastDefaultsWithoutOverridingTheOperator() {
        assertEquals("jdbc:mariadb://h/db?useAffectedRows=true&connectTimeout=2000&socketTimeout=60000",
                DataSources.withDefaults("jdbc:mariadb://h/db"));
        assertEquals("jdbc:mariadb://h/db?connectTimeout=9&useAffectedRows=true&socketTimeout=60000",
                DataSources.withDefaults("jdbc:mariadb://h/db?connectTimeout=9"));
    }

    /** The operator's own wsrep_sync_wait in the URL wins: the server is not even asked. */
    @Test
    void anOperatorsOwnSyncWaitIsLeftAlone() throws java.sql.SQLException {
        assertEquals(java.util.Optional.empty(),
                GaleraSessions.initSql(null, "jdbc:mariadb://h/db?sessionVariables=wsrep_sync_wait=3"));
        assertEquals("SET SESSION wsrep_sync_wait = 1", GaleraSessions.INIT_SQL);
    }
}
