package coffer.s3.policy;

/** What a policy says about one request: an explicit deny, an allow, or nothing (implicit deny). */
public enum Decision {
    DENY, ALLOW, NONE
}
