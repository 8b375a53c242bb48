package coffer.s3;

import java.util.OptionalLong;

/** One account as a grantee; on the wire it is its {@link CanonicalIds canonical id}. */
record CanonicalUser(long accountId) implements Grantee {

    @Override
    public boolean covers(OptionalLong caller) {
        return caller.isPresent() && caller.getAsLong() == accountId;
    }
}
