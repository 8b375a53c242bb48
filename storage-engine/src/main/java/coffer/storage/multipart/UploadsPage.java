package coffer.storage.multipart;

import java.util.List;

/**
 * One page of ListMultipartUploads, ordered by key (UTF-8 bytes) then upload id. When truncated,
 * {@code nextKeyMarker} is the last key or common prefix listed and {@code nextUploadIdMarker} the last upload id
 * (null when the page ended on a common prefix).
 */
public record UploadsPage(List<Upload> uploads, List<String> commonPrefixes, boolean truncated,
                          String nextKeyMarker, String nextUploadIdMarker) {
    public UploadsPage {
        uploads = List.copyOf(uploads);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
