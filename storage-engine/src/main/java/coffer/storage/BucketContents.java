package coffer.storage;

/** How many objects a bucket holds and their plaintext bytes (uploads in progress not counted). */
public record BucketContents(long objects, long bytes) {
}
