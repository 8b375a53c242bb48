package coffer.storage.accounts.legacy;

import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses and validates a legacy export: a header {@code legacy_id,email,display_name,closed_at} (any case,
 * surrounding spaces ignored) and one row per closed account. Each row is either valid or reported with its line
 * number and the reason: wrong number of fields, malformed quoting, a missing or unusable legacy id, a missing
 * or malformed e-mail, a missing, malformed or future {@code closed_at}, or a legacy id already seen earlier in
 * the file (the first occurrence wins). {@code closed_at} is an ISO-8601 date ({@code 2021-03-04}, midnight
 * UTC) or date-time, with an offset or {@code Z}, or without one (UTC). Stateless apart from the clock.
 */
public final class LegacyExport {
    public static final List<String> HEADER = List.of("legacy_id", "email", "display_name", "closed_at");
    /** Legacy ids become part of an account name: letters, digits, dot, underscore and hyphen. */
    private static final Pattern LEGACY_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** The rows of a file: valid ones in file order, and the rejected ones. */
    record Parsed(int rows, List<LegacyRow> valid, List<BadRow> bad) {
        public Parsed {
            valid = List.copyOf(valid);
            bad = List.copyOf(bad);
        }
    }

    private final Clock clock;

    public LegacyExport(Clock clock) {
        this.clock = clock;
    }

    /** IllegalArgumentException when the file is empty or its header is not the expected one. */
    Parsed parse(Reader text) throws IOException {
        CsvReader csv = new CsvReader(text);
        Optional<CsvRecord> header = csv.next();
        if (header.isEmpty() || header.get().isMalformed() || !isHeader(header.get().fields())) {
            throw new IllegalArgumentException("the first line must be the header " + String.join(",", HEADER));
        }
        List<LegacyRow> valid = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int rows = 0;
        for (Optional<CsvRecord> r = csv.next(); r.isPresent(); r = csv.next()) {
            rows++;
            CsvRecord record = r.get();
            if (record.isMalformed()) {
                bad.add(new BadRow(record.line(), null, "malformed CSV: " + record.error()));
                continue;
            }
            List<String> f = record.fields();
            String legacyId = f.isEmpty() ? "" : f.get(0).strip();
            String reason = check(f, legacyId);
            if (reason == null && seen.containsKey(legacyId)) {
                reason = "duplicate legacy id (first on line " + seen.get(legacyId) + ")";
            }
            if (reason != null) {
                bad.add(new BadRow(record.line(), legacyId.isEmpty() ? null : legacyId, reason));
                continue;
            }
            seen.put(legacyId, record.line());
            String displayName = f.get(2).strip();
            valid.add(new LegacyRow(record.line(), legacyId, f.get(1).strip(),
                    displayName.isEmpty() ? null : displayName, closedAt(f.get(3).strip()).orElseThrow()));
        }
        return new Parsed(rows, valid, bad);
    }

    /** Why the row is bad, or null. */
    private String check(List<String> f, String legacyId) {
        if (f.size() != HEADER.size()) {
            return "expected " + HEADER.size() + " fields, found " + f.size();
        }
        if (legacyId.isEmpty()) {
            return "missing legacy_id";
        }
        if (!LEGACY_ID.matcher(legacyId).matches()) {
            return "legacy_id must be 1..100 characters A-Z a-z 0-9 . _ -";
        }
        String email = f.get(1).strip();
        if (email.isEmpty()) {
            return "missing email";
        }
        if (email.length() > 320 || !EMAIL.matcher(email).matches()) {
            return "malformed email";
        }
        if (f.get(2).strip().length() > 255) {
            return "display_name longer than 255 characters";
        }
        String closed = f.get(3).strip();
        if (closed.isEmpty()) {
            return "missing closed_at";
        }
        Optional<Instant> at = closedAt(closed);
        if (at.isEmpty()) {
            return "bad date in closed_at (ISO-8601 date or date-time expected)";
        }
        if (at.get().isAfter(clock.instant())) {
            return "closed_at is in the future";
        }
        return null;
    }

    static Optional<Instant> closedAt(String text) {
        try {
            if (text.length() == 10) {
                return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            String iso = text.replace(' ', 'T');
            char last = iso.charAt(iso.length() - 1);
            if (last == 'Z' || last == 'z' || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
                return Optional.of(OffsetDateTime.parse(iso.toUpperCase(Locale.ROOT)).toInstant());
            }
            return Optional.of(LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isHeader(List<String> fields) {
        if (fields.size() != HEADER.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (!name.equals(HEADER.get(i))) {
                return false;
            }
        }
        return true;
    }
}
