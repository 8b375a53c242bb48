package coffer.s3.acl;

import java.util.List;

/** What resolving grantees needs to know about accounts; implementations must be thread-safe. */
public interface AccountDirectory {

    /** Whether the account exists and is not deleted. */
    boolean isLive(long accountId);

    /** The live accounts with this e-mail address (ignoring case). */
    List<Long> withEmail(String email);
}
