package coffer.storage.accounts.legacy;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads RFC 4180 CSV one record at a time: fields separated by commas, records by CRLF, LF or CR; a field in
 * double quotes may hold commas, line breaks and doubled quotes ({@code ""}). Lenient where it cannot hurt
 * (any line ending, a missing final line break) and strict where data could be misread: a quote inside an
 * unquoted field, text after a closing quote and an unterminated quoted field make the record malformed. A
 * malformed record is reported with the line it starts on and reading resumes on the next physical line.
 * Blank lines are skipped. Not thread-safe.
 */
final class CsvReader {
    private static final int EOF = -1;

    private final PushbackReader in;
    private int line = 1;

    public CsvReader(Reader in) {
        this.in = new PushbackReader(in, 2);
    }

    /** The next record, or empty at the end of the input. */
    public Optional<CsvRecord> next() throws IOException {
        while (true) {
            int first = in.read();
            if (first == EOF) {
                return Optional.empty();
            }
            if (first == '\r' || first == '\n') {
                endOfLine(first);
                continue;
            }
            in.unread(first);
            return Optional.of(record());
        }
    }

    private CsvRecord record() throws IOException {
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            int ch = in.read();
            if (ch == '"' && field.isEmpty()) {
                String error = quoted(field);
                if (error != null) {
                    return CsvRecord.malformed(start, error);
                }
                ch = in.read();
                if (ch != ',' && ch != '\r' && ch != '\n' && ch != EOF) {
                    skipLine(ch);
                    return CsvRecord.malformed(start, "text after a closing quote");
                }
            } else if (ch == '"') {
                skipLine(ch);
                return CsvRecord.malformed(start, "a quote inside an unquoted field");
            } else if (ch != ',' && ch != '\r' && ch != '\n' && ch != EOF) {
                field.append((char) ch);
                continue;
            }
            fields.add(field.toString());
            field.setLength(0);
            if (ch == ',') {
                continue;
            }
            if (ch != EOF) {
                endOfLine(ch);
            }
            return CsvRecord.of(start, fields);
        }
    }

    /** Reads a quoted field's content after its opening quote, up to and including the closing quote. */
    private String quoted(StringBuilder field) throws IOException {
        while (true) {
            int ch = in.read();
            if (ch == EOF) {
                return "unterminated quoted field";
            }
            if (ch == '"') {
                int next = in.read();
                if (next == '"') {
                    field.append('"');
                    continue;
                }
                if (next != EOF) {
                    in.unread(next);
                }
                return null;
            }
            if (ch == '\r' || ch == '\n') {
                // Line breaks inside quotes are data; normalise CRLF to LF but count the line either way.
                endOfLine(ch);
                field.append('\n');
                continue;
            }
            field.append((char) ch);
        }
    }

    /** Consumes a line break that started with {@code ch} (CRLF counts once). */
    private void endOfLine(int ch) throws IOException {
        if (ch == '\r') {
            int next = in.read();
            if (next != '\n' && next != EOF) {
                in.unread(next);
            }
        }
        line++;
    }

    /** Skips the rest of the physical line that {@code ch} belongs to, line break included. */
    private void skipLine(int ch) throws IOException {
        while (ch != EOF && ch != '\r' && ch != '\n') {
            ch = in.read();
        }
        if (ch != EOF) {
            endOfLine(ch);
        }
    }
}
