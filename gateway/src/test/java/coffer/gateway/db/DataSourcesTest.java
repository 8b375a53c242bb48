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
}
