package coffer.gateway.admin;

import java.time.Duration;
import java.time.Instant;

/**
 * The one-time web console links the admin API hands out: sign-up invitations and the claim links of restored
 * legacy accounts (docs/console.md). Implemented by the console ({@code coffer.gateway.console.ConsoleInvitations}),
 * which keeps them; an interface here so that the admin API does not depend on the console's package.
 */
public interface ConsoleLinks {
    /** How long an invitation is valid unless the admin says otherwise. */
    Duration INVITATION_VALIDITY = Duration.ofDays(7);
    /** How long a claim link is valid. */
    Duration CLAIM_VALIDITY = Duration.ofDays(30);

    /** A link to hand out, and when it stops working. Its URL holds the token: never log it. */
    record Link(String url, Instant expires) {
        @Override
        public String toString() {
            return "Link[expires=" + expires + "]";
        }
    }

    /** A sign-up invitation, for {@code email} only when given; IllegalArgumentException for a bad address. */
    Link invite(String email, Duration validity);

    /** A claim link for a restored account; its owner then signs in with {@code email}. */
    Link claim(long accountId, String email, Duration validity);
}
