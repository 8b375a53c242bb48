package coffer.storage;

import java.util.List;

/**
 * One page of a listing. {@code contents} and {@code commonPrefixes} are each in UTF-8 byte order;
 * {@code lastReturned} is the greatest key or common prefix in the page (null when the page is empty), which the
 * caller turns into NextMarker or a continuation token and passes back as {@code startAfter}.
 */
public record ListPage(List<ObjectRecord> contents, List<String> commonPrefixes, boolean truncated,
                       String lastReturned) {
    public ListPage {
        contents = List.copyOf(contents);
        commonPrefixes = List.copyOf(commonPrefixes);
    }
}
