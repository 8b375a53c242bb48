package coffer.storage.crypto;

/**
 * A sealed value did not open: it was altered, sealed with another context, sealed under a master key this
 * keyring does not hold, or is not a sealed value at all. The message never contains key material.
 */
public class SealedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SealedValueException(String message) {
        super(message);
    }

    public SealedValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
