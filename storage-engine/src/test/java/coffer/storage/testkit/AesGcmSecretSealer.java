package coffer.storage.testkit;

import coffer.storage.crypto.SecretSealer;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test {@link SecretSealer}: AES-256-GCM under one random key, context as associated data. Sealed form:
 * key version (1 byte), 12-byte random nonce, ciphertext with 16-byte tag. Thread-safe.
 */
public final class AesGcmSecretSealer implements SecretSealer {
    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private final SecretKey key;
    private final SecureRandom random;

    public AesGcmSecretSealer(SecureRandom random) {
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, "AES");
        this.random = random;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] context) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(context);
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE + ct.length).put(VERSION).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("seal failed", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, byte[] context) {
        if (sealed.length < 1 + NONCE + 16 || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Arrays.copyOfRange(sealed, 1, 1 + NONCE)));
            c.updateAAD(context);
            return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sealed value does not open", e);
        }
    }
}
