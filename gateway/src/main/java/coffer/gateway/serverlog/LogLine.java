package coffer.gateway.serverlog;

import coffer.s3.http.RequestFacts;
import coffer.s3.http.ServerLogFacts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * One record of AWS's server access log format, one line (docs/access-logging.md has the fields): bucket owner,
 * bucket, {@code [06/Feb/2019:00:00:38 +0000]}, remote IP, requester, request id, operation, key,
 * {@code "request-URI"}, status, error code, bytes sent, object size, total time, turn-around time,
 * {@code "referer"}, {@code "user agent"}, version id, host id, signature version, cipher suite, auth type, host
 * header, TLS version, access point ARN, ACL required; {@code -} for what does not apply. No secret reaches it:
 * the signature parameters of a presigned URL ({@value #REDACTED} instead of their values), no other header than
 * Referer, User-Agent and Host. Quoted fields escape {@code "}, {@code \} and control characters as {@code %XX};
 * the key is percent-encoded as AWS writes it. Stateless.
 */
public final class LogLine {
    static final String REDACTED = "REDACTED";
    /** Query parameters whose values are signatures or session tokens: never written. */
    private static final Set<String> SECRET_PARAMETERS = Set.of("x-amz-signature", "signature",
            "x-amz-security-token");
    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("'['dd/MMM/yyyy:HH:mm:ss '+0000]'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * What the HTTP exchange tells about the request.
     *
     * @param time        when it began
     * @param remote      the client's address
     * @param method      the HTTP method
     * @param rawPath     the path as sent
     * @param rawQuery    the query as sent, or null
     * @param protocol    such as {@code HTTP/1.1}
     * @param referer     the Referer header, or null
     * @param userAgent   the User-Agent header, or null
     * @param host        the Host header, or null
     * @param tlsVersion  such as {@code TLSv1.3}, null over plain HTTP
     * @param cipherSuite the TLS cipher suite, null over plain HTTP
     */
    public record Exchange(Instant time, String remote, String method, String rawPath, String rawQuery,
                           String protocol, String referer, String userAgent, String host, String tlsVersion,
                           String cipherSuite) {
    }

    private LogLine() {
    }

    /** The line, with its final {@code \n}. */
    public static String format(Exchange x, RequestFacts facts, String hostId, int status, long bytesSent,
                                long totalMillis, long turnAroundMillis) {
        ServerLogFacts s = facts.serverLog();
        StringBuilder b = new StringBuilder(512);
        field(b, s.bucketOwner());
        field(b, facts.bucket());
        b.append(TIME.format(x.time())).append(' ');
        field(b, x.remote());
        field(b, s.requester());
        field(b, facts.requestId());
        field(b, s.operation());
        field(b, facts.key() == null ? null : encodeKey(facts.key()));
        quoted(b, x.method() + " " + x.rawPath() + (x.rawQuery() == null || x.rawQuery().isEmpty() ? ""
                : "?" + redactQuery(x.rawQuery())) + " " + x.protocol());
        field(b, Integer.toString(status));
        field(b, facts.errorCode());
        field(b, bytesSent > 0 ? Long.toString(bytesSent) : null);
        field(b, s.objectSize() >= 0 ? Long.toString(s.objectSize()) : null);
        field(b, Long.toString(totalMillis));
        field(b, Long.toString(turnAroundMillis));
        quoted(b, x.referer());
        quoted(b, x.userAgent());
        field(b, s.versionId());
        field(b, hostId);
        field(b, s.signatureVersion());
        field(b, x.cipherSuite());
        field(b, s.authType());
        field(b, x.host());
        field(b, x.tlsVersion());
        field(b, null); // access point ARN: Coffer has no access points
        b.append('-'); // ACL required: bucket policies do not decide yet, so no request needs an ACL to pass
        return b.append('\n').toString();
    }

    private static void field(StringBuilder b, String value) {
        if (value == null || value.isEmpty()) {
            b.append('-');
        } else {
            escape(b, value, true);
        }
        b.append(' ');
    }

    private static void quoted(StringBuilder b, String value) {
        if (value == null || value.isEmpty()) {
            b.append("\"-\" ");
            return;
        }
        b.append('"');
        escape(b, value, false);
        b.append("\" ");
    }

    /** Control characters, {@code "}, {@code \} (and spaces outside quotes) as {@code %XX}: one field stays one. */
    private static void escape(StringBuilder b, String value, boolean space) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || (space && c == ' ')) {
                b.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
            } else {
                b.append(c);
            }
        }
    }

    /** The key as AWS writes it: UTF-8 percent-encoded, unreserved characters and {@code /} as they are. */
    static String encodeKey(String key) {
        StringBuilder b = new StringBuilder(key.length() + 16);
        for (byte raw : key.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    private static String decoded(String name) {
        try {
            return java.net.URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    /** The query with the values of signature and token parameters replaced by {@value #REDACTED}. */
    static String redactQuery(String rawQuery) {
        StringBuilder b = new StringBuilder(rawQuery.length());
        for (String pair : rawQuery.split("&", -1)) {
            if (b.length() > 0) {
                b.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq >= 0 && SECRET_PARAMETERS.contains(decoded(name).toLowerCase(Locale.ROOT))) {
                b.append(name).append('=').append(REDACTED);
            } else {
                b.append(pair);
            }
        }
        return b.toString();
    }
}
