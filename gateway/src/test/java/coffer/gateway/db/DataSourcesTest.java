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

    /** On a Galera node: sessions wait for causality, connections go to Synced nodes; the operator's values win. */
    @Test
    void galeraSettingsLeaveTheOperatorsOwnAlone() {
        assertEquals(java.util.Optional.of("SET SESSION wsrep_sync_wait = 1"),
                GaleraSessions.initSql("jdbc:mariadb:sequential://a,b,c/coffer"));
        assertEquals(java.util.Optional.empty(),
                GaleraSessions.initSql("jdbc:mariadb://h/db?sessionVariables=wsrep_sync_wait=3"));
        // Sequential: the same order without the driver's own failover (docs/cluster.md, "The URL").
        assertEquals("jdbc:mariadb://a,b,c/coffer?galeraAllowedState=4",
                GaleraSessions.url("jdbc:mariadb:sequential://a,b,c/coffer"));
        assertEquals("jdbc:mariadb://a:1,b:2/coffer?socketTimeout=5&galeraAllowedState=4",
                GaleraSessions.url("jdbc:mariadb:sequential://a:1,b:2/coffer?socketTimeout=5"));
        assertEquals("jdbc:mariadb:loadbalance://a,b/coffer?galeraAllowedState=4",
                GaleraSessions.url("jdbc:mariadb:loadbalance://a,b/coffer"));
        assertEquals("jdbc:mariadb://h/db?x=1&galeraAllowedState=4", GaleraSessions.url("jdbc:mariadb://h/db?x=1"));
        assertEquals("jdbc:mariadb://h/db?galeraAllowedState=4,2",
                GaleraSessions.url("jdbc:mariadb://h/db?galeraAllowedState=4,2"));
    }
}
