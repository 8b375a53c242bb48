package coffer.storage.multipart;

import java.util.List;

/** One page of ListParts, in part-number order; {@code nextPartNumberMarker} is the last part listed (0: none). */
public record PartsPage(Upload upload, List<UploadPart> parts, boolean truncated, int nextPartNumberMarker) {
    public PartsPage {
        parts = List.copyOf(parts);
    }
}
