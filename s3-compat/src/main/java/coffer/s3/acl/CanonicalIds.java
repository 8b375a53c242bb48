package coffer.s3.acl;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * How an account appears on the wire: its canonical user id, 64 lowercase hex digits of the account id. The same
 * string is its display name (Owner/DisplayName, Grantee/DisplayName), so the two always line up. Stateless.
 */
public final class CanonicalIds {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

    private CanonicalIds() {
    }

    public static String of(long accountId) {
        return String.format("%064x", accountId);
    }

    /** The account id a canonical id stands for; empty when it is not one Coffer could have issued. */
    public static OptionalLong parse(String canonicalId) {
        String id = canonicalId == null ? "" : canonicalId.trim();
        if (!HEX64.matcher(id).matches() || !id.substring(0, 48).chars().allMatch(c -> c == '0')) {
            return OptionalLong.empty();
        }
        long accountId = Long.parseUnsignedLong(id.substring(48), 16);
        return accountId > 0 ? OptionalLong.of(accountId) : OptionalLong.empty();
    }
}
