package coffer.storage.crypto;

/**
 * Seals small secrets (access-key secrets, data keys) under the master key, bound to a context (associated
 * data) so that a sealed value copied to another row does not open. Thread-safe.
 */
public interface SecretSealer {

    /** Seals {@code plaintext}; the result records the master key version it was sealed under. */
    byte[] seal(byte[] plaintext, byte[] context);

    /** Opens a value sealed by {@link #seal} with the same context; fails if it was altered or the context differs. */
    byte[] open(byte[] sealed, byte[] context);
}
