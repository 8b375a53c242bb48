package coffer.s3.support;

import coffer.storage.ListPage;
import coffer.storage.ObjectRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;

/**
 * ListObjects over a sorted map of rows, as the catalog answers it: keys after {@code startAfter} under
 * {@code prefix}, those with {@code delimiter} after the prefix rolled up into common prefixes, at most
 * {@code maxKeys} entries (contents and prefixes together); 0 gives an empty, untruncated page.
 */
final class Listing {
    private Listing() {
    }

    static ListPage page(NavigableMap<String, ObjectRecord> rows, String prefix, String delimiter,
                         String startAfter, int maxKeys) {
        String from = prefix == null ? "" : prefix;
        List<ObjectRecord> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        if (maxKeys == 0) {
            return new ListPage(contents, prefixes, false, null);
        }
        String last = null;
        boolean truncated = false;
        var candidates = startAfter == null || startAfter.isEmpty() ? rows : rows.tailMap(startAfter, false);
        for (ObjectRecord row : candidates.values()) {
            String key = row.key();
            if (!key.startsWith(from)) {
                continue;
            }
            String rolled = rollUp(key, from, delimiter);
            if (rolled != null && (rolled.equals(last) || (startAfter != null
                    && MemoryStorage.KEY_ORDER.compare(rolled, startAfter) <= 0))) {
                continue;
            }
            if (contents.size() + prefixes.size() == maxKeys) {
                truncated = true;
                break;
            }
            if (rolled != null) {
                prefixes.add(rolled);
                last = rolled;
            } else {
                contents.add(row);
                last = key;
            }
        }
        return new ListPage(contents, prefixes, truncated, last);
    }

    /** The common prefix {@code key} rolls up into, or null when it is listed itself. */
    static String rollUp(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return null;
        }
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }
}
