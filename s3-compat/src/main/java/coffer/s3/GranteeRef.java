package coffer.s3;

/** A grantee as a request names it, before {@link GrantResolver} maps it to an account or a group. */
sealed interface GranteeRef {

    /** {@code id=} / {@code <ID>}: a canonical user id. */
    record ById(String canonicalId) implements GranteeRef {
    }

    /** {@code emailAddress=} / {@code <EmailAddress>}: the e-mail address of an account. */
    record ByEmail(String email) implements GranteeRef {
    }

    /** {@code uri=} / {@code <URI>}: a predefined group. */
    record ByGroup(Group group) implements GranteeRef {
    }
}
