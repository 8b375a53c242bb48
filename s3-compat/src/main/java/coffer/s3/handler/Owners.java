package coffer.s3.handler;

/** How an account appears as an S3 owner: a stable canonical id derived from the account id. Stateless. */
final class Owners {
    private Owners() {
    }

    static String id(long accountId) {
        return String.format("%064x", accountId);
    }
}
