package coffer.storage.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * One administrative action: who (the actor the admin client named), when, what, on what, and free-form details.
 * Details never hold a secret.
 */
public record AuditEntry(Instant at, String actor, String action, String subject, String detail) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
    }
}
