package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Turns requested grants into stored ones, failing as S3 does: an id that names no account is
 * {@code InvalidArgument}, an address that names none {@code UnresolvableGrantByEmailAddress}, one that names
 * several {@code AmbiguousGrantByEmailAddress}. Thread-safe if its directory is.
 */
final class GrantResolver {
    private final AccountDirectory directory;

    public GrantResolver(AccountDirectory directory) {
        this.directory = directory;
    }

    public List<Grant> resolve(List<RequestedGrant> requested) {
        if (requested.size() > Acl.MAX_GRANTS) {
            throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
                    "An ACL may hold at most " + Acl.MAX_GRANTS + " grants");
        }
        List<Grant> grants = new ArrayList<>(requested.size());
        for (RequestedGrant r : requested) {
            grants.add(new Grant(grantee(r.grantee()), r.permission()));
        }
        return grants;
    }

    private Grantee grantee(GranteeRef ref) {
        if (ref instanceof GranteeRef.ByGroup g) {
            return g.group();
        }
        if (ref instanceof GranteeRef.ById id) {
            String canonicalId = CanonicalIds.normalize(id.canonicalId());
            OptionalLong account = CanonicalIds.isWellFormed(canonicalId)
                    ? directory.liveWithCanonicalId(canonicalId) : OptionalLong.empty();
            if (account.isEmpty()) {
                throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid id");
            }
            return new CanonicalUser(account.getAsLong());
        }
        List<Long> accounts = directory.withEmail(((GranteeRef.ByEmail) ref).email().trim());
        if (accounts.isEmpty()) {
            // AWS's answer for an address it cannot resolve, word for word: no echo of the address, and the same
            // whether it never existed or belonged to a deleted account.
            throw new S3Exception(S3ErrorCode.UNRESOLVABLE_GRANT_BY_EMAIL_ADDRESS);
        }
        if (accounts.size() > 1) {
            throw new S3Exception(S3ErrorCode.AMBIGUOUS_GRANT_BY_EMAIL_ADDRESS);
        }
        return new CanonicalUser(accounts.get(0));
    }
}
