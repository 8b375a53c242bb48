package coffer.storage.accounts.legacy;

import java.util.List;

/**
 * One CSV record: the physical line it starts on (1-based) and either its fields or, when it is malformed, why.
 */
record CsvRecord(int line, List<String> fields, String error) {
    public CsvRecord {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    static CsvRecord of(int line, List<String> fields) {
        return new CsvRecord(line, fields, null);
    }

    static CsvRecord malformed(int line, String error) {
        return new CsvRecord(line, null, error);
    }

    public boolean isMalformed() {
        return error != null;
    }
}
