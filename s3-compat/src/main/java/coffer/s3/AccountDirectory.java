package coffer.s3;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** What resolving and showing grantees needs to know about accounts; implementations must be thread-safe. */
interface AccountDirectory {

    /** The live (not deleted) account whose canonical user id is {@code canonicalId}. */
    OptionalLong liveWithCanonicalId(String canonicalId);

    /** The live accounts with this e-mail address (ignoring case). */
    List<Long> withEmail(String email);

    /** The account's canonical user id; empty when there is no such account. Never changes for an account. */
    Optional<String> canonicalId(long accountId);
}
