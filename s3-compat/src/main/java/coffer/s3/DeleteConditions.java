package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.storage.DeleteCondition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The conditions of a conditional delete, from DeleteObject's headers ({@code If-Match},
 * {@code x-amz-if-match-last-modified-time} as an HTTP date, {@code x-amz-if-match-size}) or from one
 * {@code <Object>} of DeleteObjects ({@code ETag}, {@code LastModifiedTime}, {@code Size}). A value
 * that does not parse is 400 InvalidArgument. Stateless.
 */
final class DeleteConditions {
    private DeleteConditions() {
    }

    static DeleteCondition fromHeaders(RequestContext ctx) {
        String ifMatch = ctx.header("If-Match");
        String time = ctx.header("x-amz-if-match-last-modified-time");
        Instant lastModified = time == null ? null : HttpDates.parseHeader(time)
                .orElseThrow(() -> invalid("x-amz-if-match-last-modified-time", time));
        return new DeleteCondition(ifMatch == null ? null : WriteConditions.unquote(ifMatch), lastModified,
                size("x-amz-if-match-size", ctx.header("x-amz-if-match-size")));
    }

    static DeleteCondition fromObject(XmlElement object) {
        Optional<String> etag = object.childText("ETag");
        Optional<String> time = object.childText("LastModifiedTime");
        Instant lastModified = null;
        if (time.isPresent()) {
            // The S3 model gives it as an HTTP date (what the SDKs send); ISO 8601, as in listings, is accepted too.
            lastModified = HttpDates.parseHeader(time.get()).or(() -> iso8601(time.get()))
                    .orElseThrow(() -> invalid("LastModifiedTime", time.get()));
        }
        return new DeleteCondition(etag.map(WriteConditions::unquote).orElse(null), lastModified,
                size("Size", object.childText("Size").orElse(null)));
    }

    private static Optional<Instant> iso8601(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Long size(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            long size = Long.parseLong(value.trim());
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // falls through to the S3 error
        }
        throw invalid(name, value);
    }

    private static S3Exception invalid(String name, String value) {
        return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid " + name,
                Map.of("ArgumentName", name, "ArgumentValue", value), null);
    }
}
