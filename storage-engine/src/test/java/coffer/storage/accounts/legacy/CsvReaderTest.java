package coffer.storage.accounts.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<CsvRecord> read(String text) throws IOException {
        CsvReader csv = new CsvReader(new StringReader(text));
        List<CsvRecord> records = new ArrayList<>();
        for (Optional<CsvRecord> r = csv.next(); r.isPresent(); r = csv.next()) {
            records.add(r.get());
        }
        return records;
    }

    @Test
    void plainFieldsAndAnyLineEnding() throws IOException {
        List<CsvRecord> r = read("a,b,c\r\nd,,f\ng,h,i\rj,k,l");
        assertEquals(4, r.size());
        assertEquals(List.of("a", "b", "c"), r.get(0).fields());
        assertEquals(List.of("d", "", "f"), r.get(1).fields());
        assertEquals(List.of("j", "k", "l"), r.get(3).fields());
        assertEquals(List.of(1, 2, 3, 4), r.stream().map(CsvRecord::line).toList());
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
        List<CsvRecord> r = read("\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\nnext,\"\",x\n");
        assertEquals(2, r.size());
        assertEquals(List.of("a,b", "say \"hi\"", "two\nlines"), r.get(0).fields());
        assertNull(r.get(0).error());
        assertEquals(List.of("next", "", "x"), r.get(1).fields());
        assertEquals(3, r.get(1).line(), "the quoted line break counts as a line");
    }

    @Test
    void utf8TextIsKept() throws IOException {
        assertEquals(List.of("Zoë", "日本", "𝄞"), read("Zoë,日本,𝄞\n").get(0).fields());
    }

    @Test
    void blankLinesAreSkippedAndATrailingCommaIsAnEmptyField() throws IOException {
        List<CsvRecord> r = read("\n\na,b,\n\n");
        assertEquals(1, r.size());
        assertEquals(3, r.get(0).line());
        assertEquals(List.of("a", "b", ""), r.get(0).fields());
    }

    @Test
    void textAfterAClosingQuoteIsMalformedAndReadingResumesOnTheNextLine() throws IOException {
        List<CsvRecord> r = read("ok,1\n\"bad\"x,2\nok,3\n");
        assertEquals(3, r.size());
        assertEquals("text after a closing quote", r.get(1).error());
        assertEquals(2, r.get(1).line());
        assertEquals(List.of("ok", "3"), r.get(2).fields());
        assertEquals(3, r.get(2).line());
    }

    @Test
    void aQuoteInsideAnUnquotedFieldIsMalformed() throws IOException {
        List<CsvRecord> r = read("ab\"c,1\nok,2");
        assertEquals("a quote inside an unquoted field", r.get(0).error());
        assertEquals(List.of("ok", "2"), r.get(1).fields());
    }

    @Test
    void anUnterminatedQuoteIsMalformedAndReportedAtItsFirstLine() throws IOException {
        List<CsvRecord> r = read("ok,1\n\"never closed,2\nmore\n");
        assertEquals(2, r.size());
        assertEquals(2, r.get(1).line());
        assertEquals("unterminated quoted field", r.get(1).error());
    }
}
