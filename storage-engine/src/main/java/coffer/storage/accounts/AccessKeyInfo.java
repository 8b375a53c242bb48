package coffer.storage.accounts;

import java.time.Instant;
import java.util.Objects;

/** An access key as the admin sees it: never its secret. {@code state} is {@code active} or {@code revoked}. */
public record AccessKeyInfo(String accessKeyId, String state, Instant created) {
    public AccessKeyInfo {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
    }
}
