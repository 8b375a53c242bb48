package coffer.storage.keys;

import java.util.List;

/** The master key versions (loaded ones and any the catalog still names), ascending, and the re-wrap job. */
public record KeyStatus(int currentVersion, List<VersionUsage> versions, RewrapJob rewrap) {
    public KeyStatus {
        versions = List.copyOf(versions);
    }
}
