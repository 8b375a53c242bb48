package coffer.s3.auth;

import java.util.Optional;

/**
 * Finds the credential of an access key id. Implementations must be thread-safe (one instance serves every
 * request) and must answer empty for an unknown or disabled key rather than throw.
 */
public interface CredentialLookup {

    Optional<Credential> find(String accessKeyId);
}
