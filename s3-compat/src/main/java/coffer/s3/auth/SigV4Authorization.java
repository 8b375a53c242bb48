package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.List;
import java.util.Locale;

/**
 * The parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...} header,
 * or the same three items from a presigned URL's query. {@code signedHeadersText} is kept as sent, because it
 * is part of the canonical request.
 */
record SigV4Authorization(CredentialScope credential, String signedHeadersText, List<String> signedHeaders,
                          String signature) {

    @Override
    public String toString() {
        return "SigV4Authorization[credential=" + credential + ", signedHeaders=" + signedHeadersText + "]";
    }

    static SigV4Authorization parseHeader(String header) {
        S3ErrorCode malformed = S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED;
        String value = header.trim();
        if (!value.startsWith(SigV4Signing.ALGORITHM) || value.length() == SigV4Signing.ALGORITHM.length()
                || !Character.isWhitespace(value.charAt(SigV4Signing.ALGORITHM.length()))) {
            throw new S3Exception(malformed, "The authorization header is malformed; expecting "
                    + SigV4Signing.ALGORITHM);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : value.substring(SigV4Signing.ALGORITHM.length()).split(",")) {
            String item = part.trim();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new S3Exception(malformed, "The authorization header is malformed; an item is not key=value");
            }
            String key = item.substring(0, eq);
            String v = item.substring(eq + 1).trim();
            switch (key) {
                case "Credential" -> credential = once(credential, v, key);
                case "SignedHeaders" -> signedHeaders = once(signedHeaders, v, key);
                case "Signature" -> signature = once(signature, v, key);
                default -> {
                    // unknown items are ignored: nothing depends on them
                }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw new S3Exception(malformed,
                    "The authorization header is malformed; it needs Credential, SignedHeaders and Signature");
        }
        return of(CredentialScope.parse(credential, malformed), signedHeaders, signature, malformed);
    }

    static SigV4Authorization of(CredentialScope credential, String signedHeadersText, String signature,
                                 S3ErrorCode malformed) {
        List<String> names = List.of(signedHeadersText.toLowerCase(Locale.ROOT).split(";", -1));
        if (names.stream().anyMatch(String::isEmpty)) {
            throw new S3Exception(malformed, "SignedHeaders is malformed");
        }
        if (!names.contains("host")) {
            throw new S3Exception(malformed, "The host header must be signed");
        }
        return new SigV4Authorization(credential, signedHeadersText, names, signature.toLowerCase(Locale.ROOT));
    }

    private static String once(String previous, String value, String key) {
        if (previous != null) {
            throw new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
                    "The authorization header is malformed; " + key + " is repeated");
        }
        return value;
    }
}
