package coffer.s3.auth;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** SigV4 timestamps: {@code yyyyMMdd'T'HHmmss'Z'}, in UTC. */
final class AmzDate {
    private static final DateTimeFormatter ISO_BASIC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AmzDate() {
    }

    static Optional<Instant> parseIsoBasic(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text.trim(), ISO_BASIC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The ISO basic form, or, for a {@code Date} header written the HTTP way (RFC 1123), that: a client that
     * signs with a Date header still puts the ISO form in its string to sign.
     */
    static Optional<Instant> parseLenient(String text) {
        Optional<Instant> iso = parseIsoBasic(text);
        if (iso.isPresent()) {
            return iso;
        }
        try {
            return Optional.of(ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static String format(Instant instant) {
        return ISO_BASIC.format(instant);
    }
}
