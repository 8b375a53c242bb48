package coffer.gateway.console;

import coffer.storage.Bucket;
import coffer.storage.CopyObject;
import coffer.storage.DeleteCondition;
import coffer.storage.ListPage;
import coffer.storage.ObjectRecord;
import coffer.storage.ObjectStorage;
import coffer.storage.QuotaClaim;
import coffer.storage.QuotaExceededException;
import coffer.storage.StoreException;
import coffer.storage.WriteCondition;
import coffer.storage.blob.CustomerKeyException;
import java.io.IOException;

/**
 * Renames and moves for the console (docs/console.md, "Files"): S3 has no rename, so an object is copied to its new
 * key (the copy names the source's blobs: no data is copied, but while both exist the copy counts in the quota, as
 * every S3 copy does) and then the source is deleted if it is still the object that was copied (its ETag). The new
 * key must be free: an existing object is never replaced. A folder is its objects moved one by one, at most
 * {@link #MAX_FOLDER_OBJECTS}; a failure half-way leaves the moved ones moved and the rest in place, and the same
 * request moves the rest.
 */
final class ObjectMover {
    static final int MAX_FOLDER_OBJECTS = 1000;

    private final ObjectStorage storage;

    ObjectMover(ObjectStorage storage) {
        this.storage = storage;
    }

    /** Moves {@code from} to {@code to}; answers the number of objects moved. */
    int move(Bucket bucket, String from, String to) throws IOException {
        if (from.equals(to)) {
            return 0;
        }
        if (from.endsWith("/") != to.endsWith("/")) {
            throw ConsoleException.badField("InvalidKey", "to", "a folder moves to a folder (ending with /), a file"
                    + " to a file name");
        }
        if (!from.endsWith("/")) {
            ObjectRecord source = storage.findObject(bucket, from)
                    .orElseThrow(() -> new ConsoleException(404, "NoSuchKey", "no such file", null));
            moveOne(bucket, source, to);
            return 1;
        }
        if (to.startsWith(from)) {
            throw ConsoleException.badField("InvalidKey", "to", "a folder cannot move into itself");
        }
        ListPage page = storage.listObjects(bucket, from, "", "", MAX_FOLDER_OBJECTS);
        if (page.truncated()) {
            throw new ConsoleException(400, "FolderTooLarge", "the console moves folders of up to "
                    + MAX_FOLDER_OBJECTS + " files; use an S3 client (rclone move) for larger ones", "from");
        }
        if (page.contents().isEmpty()) {
            throw new ConsoleException(404, "NoSuchKey", "no such folder", null);
        }
        int moved = 0;
        for (ObjectRecord listed : page.contents()) {
            var source = storage.findObject(bucket, listed.key());
            if (source.isPresent()) {
                String target = to + listed.key().substring(from.length());
                FilesAccess.key(target, "to");
                moveOne(bucket, source.get(), target);
                moved++;
            }
        }
        return moved;
    }

    private void moveOne(Bucket bucket, ObjectRecord source, String to) throws IOException {
        try {
            storage.copyObject(CopyObject.of(source, bucket, to).condition(new WriteCondition(true, null, null))
                    .quota(QuotaClaim.declared(bucket.ownerId(), source.size())).build());
        } catch (QuotaExceededException e) {
            throw FilesAccess.quotaExceeded("a move copies first and needs the room of " + source.key() + " ("
                    + FilesAccess.human(source.size()) + ") for a moment; delete something first");
        } catch (CustomerKeyException e) {
            throw new ConsoleException(403, "CustomerKeyRequired", source.key() + " is encrypted with a key of"
                    + " your own (SSE-C); move it with an S3 client that has the key", null);
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.PRECONDITION_FAILED
                    || e.reason() == StoreException.Reason.CONDITIONAL_REQUEST_CONFLICT) {
                throw new ConsoleException(409, "KeyExists", to + " exists already; choose another name", "to");
            }
            throw FilesAccess.refusal(e);
        }
        try {
            storage.deleteObject(bucket, source.key(), new DeleteCondition(source.etag(), null, null));
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.PRECONDITION_FAILED) {
                throw FilesAccess.refusal(e);
            }
            // Replaced meanwhile by a newer object: that one stays, the copy has the old one.
        }
    }
}
