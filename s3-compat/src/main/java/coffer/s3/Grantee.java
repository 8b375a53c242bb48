package coffer.s3;

/**
 * Whom a grant is for: one account ({@link CanonicalUser}) or a predefined {@link Group}. Grants by e-mail address
 * are resolved to the account before they are stored, as S3 does, so no grantee is ever an address.
 */
sealed interface Grantee permits CanonicalUser, Group {

    /** Whether this grantee covers {@code caller} (an account id, or empty for an anonymous request). */
    boolean covers(java.util.OptionalLong caller);
}
