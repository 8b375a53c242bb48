package coffer.storage.accounts.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.accounts.AccountDetails;
import coffer.storage.accounts.AccountState;
import coffer.storage.accounts.Accounts;
import coffer.storage.accounts.AuditEntry;
import coffer.storage.accounts.NewAccount;
import coffer.storage.testkit.Sql;
import coffer.storage.testkit.StoreFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LegacyRestoreTest {
    private static final StoreFixture F = new StoreFixture("legacy_restore");
    private final Accounts accounts = F.store.accounts();
    private final LegacyRestore restore = new LegacyRestore(accounts, new LegacyExport(F.clock));

    private static final String CSV = "legacy_id,email,display_name,closed_at\r\n"
            + "1001,ann@example.com,\"Ann, the first\",2019-05-01\r\n"   // 2
            + "1002,,Nobody,2019-05-01\r\n"                               // 3
            + "1003,ben@example.com,Bad date,yesterday\r\n"               // 4
            + "1004,cid@example.com,\"Cid \"\"C\"\" Doe\",2020-02-29T10:00:00Z\r\n" // 5
            + "1001,dup@example.com,Dup,2019-05-01\r\n"                   // 6
            + "1005,eve@example.com,\"unterminated,2019-05-01\r\n";      // 7..

    @Test
    void goodRowsBecomePremiumAccountsBadRowsAreReportedAndASecondRunChangesNothing() throws IOException {
        byte[] file = CSV.getBytes(StandardCharsets.UTF_8);
        RestoreReport first = restore.restore(file, "closed.csv", "tester");

        assertEquals(List.of("1001", "1004"), first.restored().stream().map(RestoredAccount::legacyId).toList());
        assertEquals(List.of(3, 4, 6, 7), first.bad().stream().map(BadRow::line).toList());
        assertEquals(6, first.rows());
        AccountDetails ann = accounts.show("legacy-1001");
        assertEquals("premium", ann.account().plan());
        assertEquals(AccountState.ACTIVE, ann.account().state());
        assertEquals("1001", ann.account().legacyId());
        assertEquals("Ann, the first", ann.account().displayName());
        assertEquals("ann@example.com", ann.account().email());
        assertEquals(1_099_511_627_776L, ann.account().quotaBytes());
        assertEquals("Cid \"C\" Doe", accounts.show("legacy-1004").account().displayName());
        RestoredAccount annKey = first.restored().get(0);
        assertEquals(annKey.secretKey(),
                F.store.accounts().findSigningKey(annKey.accessKeyId()).orElseThrow().key().secretKey());
        assertFalse(first.toString().contains(annKey.secretKey()));
        assertFalse(annKey.toString().contains(annKey.secretKey()));

        long accountsBefore = Sql.count(F.db, "SELECT COUNT(*) FROM account");
        long keysBefore = Sql.count(F.db, "SELECT COUNT(*) FROM access_key");
        RestoreReport second = restore.restore(file, "closed.csv", "tester");
        assertTrue(second.changedNothing());
        assertEquals(List.of("1001", "1004"), second.unchanged());
        assertEquals(first.bad(), second.bad());
        assertEquals(first.sha256(), second.sha256());
        assertEquals(accountsBefore, Sql.count(F.db, "SELECT COUNT(*) FROM account"));
        assertEquals(keysBefore, Sql.count(F.db, "SELECT COUNT(*) FROM access_key"));

        List<AuditEntry> audit = accounts.recentAudit(2);
        assertEquals("restore", audit.get(0).action());
        assertEquals("tester", audit.get(0).actor());
        assertEquals("closed.csv", audit.get(0).subject());
        assertEquals("sha256=" + first.sha256() + " rows=6 restored=0 unchanged=2 bad=4", audit.get(0).detail());
        assertEquals("sha256=" + first.sha256() + " rows=6 restored=2 unchanged=0 bad=4", audit.get(1).detail());
        assertEquals(Instant.parse("2019-05-01T00:00:00Z"), Instant.parse(Sql.column(F.db,
                "SELECT DATE_FORMAT(legacy_closed_at, '%Y-%m-%dT%H:%i:%sZ') FROM account WHERE legacy_id = '1001'")
                .get(0).toString()));
    }

    @Test
    void aNameTakenByAnUnrelatedAccountIsABadRow() throws IOException {
        accounts.create(NewAccount.named("legacy-2001"));
        RestoreReport r = restore.restore(("legacy_id,email,display_name,closed_at\n"
                + "2001,x@example.com,X,2019-01-01\n").getBytes(StandardCharsets.UTF_8), "f.csv", "tester");
        assertEquals(List.of(), r.restored());
        assertEquals("account name legacy-2001 is taken by another account", r.bad().get(0).reason());
    }

    @Test
    void aFileThatIsNotUtf8OrHasNoHeaderRestoresNothing() {
        byte[] latin1 = "legacy_id,email,display_name,closed_at\n3001,z@example.com,Zo\u00eb,2019-01-01\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(IllegalArgumentException.class, () -> restore.restore(latin1, "latin1.csv", "tester"));
        assertTrue(accounts.findByLegacyId("3001").isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> restore.restore("a,b\n".getBytes(StandardCharsets.UTF_8), "x.csv", "tester"));
    }
}
