package coffer.storage.blob;

import java.util.Objects;

/**
 * What a check of a stored blob without its key found ({@link BlobEngine#checkStored}). {@code detail} says what
 * is wrong in words fit for an operator's report; it never holds key material or plaintext.
 */
public record BlobCheck(Status status, String detail) {
    /** The outcome. */
    public enum Status {
        /** Present, and as far as can be told without the key, intact. */
        OK,
        /** The catalog names it but the store does not have it: data loss. */
        MISSING,
        /** Present but damaged (wrong length, bad header, failed checksum). */
        DAMAGED
    }

    public static final BlobCheck OK = new BlobCheck(Status.OK, "ok");

    public BlobCheck {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public static BlobCheck missing(String detail) {
        return new BlobCheck(Status.MISSING, detail);
    }

    public static BlobCheck damaged(String detail) {
        return new BlobCheck(Status.DAMAGED, detail);
    }
}
