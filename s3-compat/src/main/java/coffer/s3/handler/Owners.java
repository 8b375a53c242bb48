package coffer.s3.handler;

import coffer.s3.acl.CanonicalIds;

/** How an account appears as an S3 owner: its canonical id (see {@link CanonicalIds}). Stateless. */
final class Owners {
    private Owners() {
    }

    static String id(long accountId) {
        return CanonicalIds.of(accountId);
    }
}
