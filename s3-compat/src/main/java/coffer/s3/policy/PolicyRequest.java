package coffer.s3.policy;

import java.util.List;
import java.util.OptionalLong;

/**
 * One request as a bucket policy sees it. Condition values are asked for lazily, by key, only by statements whose
 * action, resource and principal already matched, so that a value that costs a catalog read (the tags of the
 * existing object) is read only when a condition needs it.
 */
public interface PolicyRequest {
    /** The calling account, or empty for an anonymous request. */
    OptionalLong account();

    /** The IAM action, as {@link Actions#index} numbers it ({@code -1}: matches no statement's action). */
    int action();

    /** The resource's ARN: {@code arn:aws:s3:::bucket} or {@code arn:aws:s3:::bucket/key}. */
    String resource();

    /**
     * The request's values of condition key {@code key} (normalised: see {@link Condition#normalizeKey}), or null
     * when the request has no such key.
     */
    List<String> values(String key);
}
