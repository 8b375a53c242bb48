package coffer.s3.auth;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Verifies who signed a browser POST upload's policy. The form, not the HTTP request, carries the signature:
 * <ul>
 *   <li>SigV4: {@code x-amz-algorithm=AWS4-HMAC-SHA256}, {@code x-amz-credential}, {@code x-amz-date},
 *       {@code x-amz-signature} = hex(HMAC-SHA256(signing key of the credential scope, the base64 policy));</li>
 *   <li>SigV2: {@code AWSAccessKeyId}, {@code signature} = base64(HMAC-SHA1(secret, the base64 policy)).</li>
 * </ul>
 * The policy's expiration and conditions are the caller's to check. Thread-safe; stateless apart from the lookup.
 */
final class PostPolicySignature {
    private final CredentialLookup lookup;

    PostPolicySignature(CredentialLookup lookup) {
        this.lookup = lookup;
    }

    /**
     * @param policy the {@code policy} field exactly as sent (base64)
     * @param fields the form fields, names lower-cased
     */
    Credential verify(String policy, Map<String, String> fields) {
        if (fields.containsKey("x-amz-signature") || fields.containsKey("x-amz-algorithm")) {
            return verifyV4(policy, fields);
        }
        if (fields.containsKey("signature") || fields.containsKey("awsaccesskeyid")) {
            return verifyV2(policy, fields);
        }
        // No signature: an anonymous upload, which only a publicly writable bucket could take.
        throw new S3Exception(S3ErrorCode.ACCESS_DENIED);
    }

    private Credential verifyV4(String policy, Map<String, String> fields) {
        String algorithm = required(fields, "x-amz-algorithm");
        if (!SigV4Signing.ALGORITHM.equals(algorithm.trim())) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Only " + SigV4Signing.ALGORITHM
                    + " is supported as x-amz-algorithm");
        }
        CredentialScope scope = CredentialScope.parse(required(fields, "x-amz-credential"),
                S3ErrorCode.INVALID_ARGUMENT);
        String date = required(fields, "x-amz-date");
        if (AmzDate.parseIsoBasic(date).isEmpty() || !date.trim().startsWith(scope.date())) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "x-amz-date must be yyyyMMdd'T'HHmmss'Z' on the day of the x-amz-credential scope");
        }
        String given = required(fields, "x-amz-signature").trim();
        Credential credential = find(scope.accessKeyId());
        String expected = SigV4Signing.signature(SigV4Signing.signingKey(credential.secretKey(), scope), policy);
        return matching(credential, expected, given);
    }

    private Credential verifyV2(String policy, Map<String, String> fields) {
        Credential credential = find(required(fields, "awsaccesskeyid").trim());
        String expected = SigV2StringToSign.signature(credential.secretKey(), policy);
        return matching(credential, expected, required(fields, "signature").trim());
    }

    private Credential find(String accessKeyId) {
        return lookup.find(accessKeyId).orElseThrow(() -> new S3Exception(S3ErrorCode.INVALID_ACCESS_KEY_ID,
                S3ErrorCode.INVALID_ACCESS_KEY_ID.defaultMessage(), Map.of("AWSAccessKeyId", accessKeyId), null));
    }

    private static Credential matching(Credential credential, String expected, String given) {
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, S3ErrorCode.SIGNATURE_DOES_NOT_MATCH
                    .defaultMessage(), Map.of("AWSAccessKeyId", credential.accessKeyId()), null);
        }
        return credential;
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Bucket POST must contain a field named '"
                    + name + "'.", Map.of("ArgumentName", name), null);
        }
        return value;
    }
}
