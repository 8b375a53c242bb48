package coffer.s3.policy;

/** A bucket policy that cannot be accepted; the message says why, in words a client can act on (no secrets). */
public final class MalformedPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String reason) {
        super(reason);
    }
}
