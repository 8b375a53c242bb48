package coffer.storage;

import java.util.List;

/**
 * One page of ListObjectVersions (docs/versioning.md): {@code versions} holds object versions and delete markers
 * interleaved as S3 returns them (keys in UTF-8 byte order, each key's versions newest first);
 * {@code commonPrefixes} in byte order. When {@code truncated}, the next page starts after
 * {@code nextKeyMarker} / {@code nextVersionIdMarker} (the latter null after a common prefix).
 */
public record VersionPage(List<ObjectVersion> versions, List<String> commonPrefixes, boolean truncated,
                          String nextKeyMarker, String nextVersionIdMarker) {
    public VersionPage {
        versions = List.copyOf(versions);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
