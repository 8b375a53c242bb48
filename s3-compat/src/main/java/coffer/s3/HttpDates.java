package coffer.s3;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** The two date forms of S3: RFC 1123 in headers, ISO 8601 with milliseconds in XML. Stateless. */
final class HttpDates {
    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    public static String header(Instant instant) {
        return RFC_1123.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String xml(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /** Parses an HTTP date as clients send it (RFC 1123); an unparsable value is ignored, as AWS ignores it. */
    public static Optional<Instant> parseHeader(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
