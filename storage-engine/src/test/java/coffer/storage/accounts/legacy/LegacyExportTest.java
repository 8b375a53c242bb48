package coffer.storage.accounts.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LegacyExportTest {
    private final LegacyExport export = new LegacyExport(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"),
            ZoneOffset.UTC));

    private LegacyExport.Parsed parse(String text) throws IOException {
        return export.parse(new StringReader(text));
    }

    @Test
    void goodRowsAreReadInOrderWithTheirLines() throws IOException {
        LegacyExport.Parsed p = parse("legacy_id,email,display_name,closed_at\n"
                + "L1,a@example.com,\"Doe, Jane\",2021-03-04\n"
                + "L2, b@example.org ,,2022-05-06T07:08:09Z\n");
        assertEquals(2, p.rows());
        assertEquals(List.of(), p.bad());
        LegacyRow first = p.valid().get(0);
        assertEquals(new LegacyRow(2, "L1", "a@example.com", "Doe, Jane", Instant.parse("2021-03-04T00:00:00Z")),
                first);
        assertEquals("legacy-L1", first.accountName());
        assertEquals("b@example.org", p.valid().get(1).email());
        assertNull(p.valid().get(1).displayName());
    }

    @Test
    void badRowsAreReportedWithTheirLineNumbersAndGoodRowsKept() throws IOException {
        LegacyExport.Parsed p = parse("legacy_id,email,display_name,closed_at\n"
                + "G1,g1@example.com,Good,2020-01-01\n"               // 2
                + "B1,,No mail,2020-01-01\n"                          // 3
                + "B2,b2@example.com,Bad date,2020-13-45\n"           // 4
                + "G1,again@example.com,Dup,2020-01-01\n"             // 5
                + "B3,b3@example.com,\"broken\"quote,2020-01-01\n"    // 6
                + "G2,g2@example.com,\"multi\nline\",2020-01-01\n"    // 7-8
                + "B4,b4@example.com,Future,2030-01-01\n"             // 9
                + "B5,not-an-email,X,2020-01-01\n"                    // 10
                + "B6,b6@example.com,Too,many,fields\n"               // 11
                + "bad id!,x@example.com,X,2020-01-01\n");            // 12
        assertEquals(List.of("G1", "G2"), p.valid().stream().map(LegacyRow::legacyId).toList());
        assertEquals(List.of(3, 4, 5, 6, 9, 10, 11, 12), p.bad().stream().map(BadRow::line).toList());
        assertEquals("missing email", p.bad().get(0).reason());
        assertTrue(p.bad().get(1).reason().startsWith("bad date"));
        assertEquals("duplicate legacy id (first on line 2)", p.bad().get(2).reason());
        assertTrue(p.bad().get(3).reason().startsWith("malformed CSV"));
        assertEquals("closed_at is in the future", p.bad().get(4).reason());
        assertEquals("malformed email", p.bad().get(5).reason());
        assertEquals("expected 4 fields, found 5", p.bad().get(6).reason());
        assertEquals(10, p.rows());
    }

    @Test
    void theHeaderIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> parse(""));
        assertThrows(IllegalArgumentException.class, () -> parse("id,email,name,closed\nL1,a@b.c,x,2020-01-01\n"));
    }

    @Test
    void headerMayHaveABomAndAnyCase() throws IOException {
        assertEquals(1, parse("\uFEFFLegacy_ID,Email,Display_Name,Closed_At\r\nL,a@b.co,x,2020-01-01\r\n")
                .valid().size());
    }

    @Test
    void datesInSeveralIsoForms() {
        assertEquals(Optional.of(Instant.parse("2021-03-04T05:06:07Z")), LegacyExport.closedAt("2021-03-04T05:06:07Z"));
        assertEquals(Optional.of(Instant.parse("2021-03-04T03:06:07Z")),
                LegacyExport.closedAt("2021-03-04T05:06:07+02:00"));
        assertEquals(Optional.of(Instant.parse("2021-03-04T05:06:07Z")), LegacyExport.closedAt("2021-03-04 05:06:07"));
        assertEquals(Optional.empty(), LegacyExport.closedAt("04/03/2021"));
        assertEquals(Optional.empty(), LegacyExport.closedAt("2021-02-30"));
    }
}
