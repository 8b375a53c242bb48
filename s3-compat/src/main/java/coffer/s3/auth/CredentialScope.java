package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * {@code AKID/yyyyMMdd/region/s3/aws4_request}. Any region is accepted: Coffer is a single endpoint, and
 * clients such as s3cmd and rclone sign with whatever region they were configured with. The region still
 * enters the signing key, so a client's signature verifies with the region it chose.
 */
record CredentialScope(String accessKeyId, String date, String region, String service) {
    static final String SERVICE = "s3";
    static final String TERMINATOR = "aws4_request";

    /** Parses the credential; malformed parts are answered with {@code error}. */
    static CredentialScope parse(String credential, S3ErrorCode error) {
        String[] parts = credential.trim().split("/", -1);
        if (parts.length != 5 || parts[0].isEmpty()) {
            throw new S3Exception(error, "The credential is malformed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/"
                    + TERMINATOR + "\".");
        }
        if (!isDate(parts[1])) {
            throw new S3Exception(error, "Invalid credential date \"" + parts[1] + "\"; expecting YYYYMMDD.");
        }
        if (parts[2].isEmpty()) {
            throw new S3Exception(error, "The credential is malformed; the region is empty.");
        }
        if (!SERVICE.equals(parts[3])) {
            throw new S3Exception(error, "The credential is malformed; incorrect service \"" + parts[3]
                    + "\". This endpoint belongs to \"" + SERVICE + "\".");
        }
        if (!TERMINATOR.equals(parts[4])) {
            throw new S3Exception(error, "The credential is malformed; incorrect terminal \"" + parts[4]
                    + "\". This endpoint uses \"" + TERMINATOR + "\".");
        }
        return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
    }

    /** {@code date/region/s3/aws4_request}, as it appears in the string to sign. */
    String scope() {
        return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }

    private static boolean isDate(String s) {
        if (s.length() != 8) {
            return false;
        }
        try {
            LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
