package coffer.storage.blob;

import java.io.IOException;

/** The plaintext stream given to {@link BlobEngine#write} ended before, or ran past, its declared length. */
public class BodyLengthMismatchException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long expected;
    private final boolean tooShort;

    public BodyLengthMismatchException(long expected, boolean tooShort) {
        super(tooShort ? "body ended before its declared length " + expected
                       : "body is longer than its declared length " + expected);
        this.expected = expected;
        this.tooShort = tooShort;
    }

    public long expected() {
        return expected;
    }

    public boolean tooShort() {
        return tooShort;
    }
}
