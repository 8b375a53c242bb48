package coffer.storage.accounts.legacy;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one restore run. {@code unchanged} are the legacy ids that were already restored by an earlier
 * run; a run that restores nothing and finds no bad row changed nothing.
 *
 * @param sha256 hex SHA-256 of the file as received
 * @param rows   data rows read (header excluded, malformed ones included)
 */
public record RestoreReport(String sha256, int rows, List<RestoredAccount> restored, List<String> unchanged,
                            List<BadRow> bad) {
    public RestoreReport {
        Objects.requireNonNull(sha256, "sha256");
        restored = List.copyOf(restored);
        unchanged = List.copyOf(unchanged);
        bad = List.copyOf(bad);
    }

    public boolean changedNothing() {
        return restored.isEmpty();
    }

    @Override
    public String toString() {
        return "RestoreReport[sha256=" + sha256 + ", rows=" + rows + ", restored=" + restored.size()
                + ", unchanged=" + unchanged.size() + ", bad=" + bad.size() + "]";
    }
}
