package coffer.storage.internal.blob.s3;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Every packed blob of the index as a lazy stream, one short catalog read per page (keyset paging by blob id). */
final class PackIndexPages implements Iterator<PackIndex.Listed> {
    private final PackIndex index;
    private List<PackIndex.Listed> page = List.of();
    private int at;
    private String after;
    private boolean done;

    private PackIndexPages(PackIndex index) {
        this.index = index;
    }

    static Stream<PackIndex.Listed> stream(PackIndex index) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new PackIndexPages(index),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        if (at < page.size()) {
            return true;
        }
        if (done) {
            return false;
        }
        page = index.page(after);
        at = 0;
        if (page.isEmpty()) {
            done = true;
            return false;
        }
        after = page.get(page.size() - 1).id().value();
        return true;
    }

    @Override
    public PackIndex.Listed next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.get(at++);
    }
}
