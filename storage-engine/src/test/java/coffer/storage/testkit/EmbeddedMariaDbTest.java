package coffer.storage.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class EmbeddedMariaDbTest {
    @Test
    void startsAndServesQueries() throws Exception {
        DataSource ds = EmbeddedMariaDb.get().newDatabase("fixture_test");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DATABASE(), 1 + 1")) {
            rs.next();
            assertEquals("fixture_test", rs.getString(1));
            assertEquals(2, rs.getInt(2));
        }
    }
}
