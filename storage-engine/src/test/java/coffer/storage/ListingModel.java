package coffer.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A brute-force statement of what a listing must return, to compare the catalog against: walk every key in
 * UTF-8 byte order, roll keys up, drop what is not after {@code startAfter}, cut at {@code maxKeys}.
 */
final class ListingModel {
    static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** One expected item: a key, or a common prefix. */
    record Item(String value, boolean commonPrefix) {
    }

    record Expected(List<Item> items, boolean truncated) {
        List<String> keys() {
            return items.stream().filter(i -> !i.commonPrefix()).map(Item::value).toList();
        }

        List<String> prefixes() {
            return items.stream().filter(Item::commonPrefix).map(Item::value).toList();
        }
    }

    private ListingModel() {
    }

    static Expected list(List<String> keys, String prefix, String delimiter, String startAfter, int maxKeys) {
        String pre = prefix == null ? "" : prefix;
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(UTF8_ORDER);
        List<Item> all = new ArrayList<>();
        for (String k : sorted) {
            if (!k.startsWith(pre)) {
                continue;
            }
            Item item = new Item(k, false);
            if (delimiter != null && !delimiter.isEmpty()) {
                int at = k.indexOf(delimiter, pre.length());
                if (at >= 0) {
                    item = new Item(k.substring(0, at + delimiter.length()), true);
                }
            }
            if (!all.isEmpty() && all.get(all.size() - 1).equals(item)) {
                continue;
            }
            if (startAfter != null && !startAfter.isEmpty() && UTF8_ORDER.compare(item.value(), startAfter) <= 0) {
                continue;
            }
            all.add(item);
        }
        if (maxKeys <= 0) {
            return new Expected(List.of(), false);
        }
        return new Expected(all.subList(0, Math.min(maxKeys, all.size())), all.size() > maxKeys);
    }
}
