package coffer.storage.internal.blob;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.internal.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the segments of one blob with AES-256-GCM (JDK provider).
 *
 * <p>The segment key is HKDF-Expand-SHA256(PRK = data key, info = {@value #SEGMENT_KEY_LABEL}, 32 bytes). The nonce
 * of segment {@code i} is {@code i} (8 bytes, big-endian) || last flag (0x01 for the final segment, else 0x00) ||
 * three zero bytes: deterministic, which is safe because every blob has a fresh random data key and every index
 * is sealed once. The associated data of every segment is the whole blob header.
 *
 * <p>One instance serves one stream and reuses its {@link Cipher}: not thread-safe. Each call handles exactly one
 * segment, because the JDK's GCM is fast on 64 KiB inputs and very slow on large ones.
 */
final class SegmentCipher {
    static final String SEGMENT_KEY_LABEL = "coffer/blob/v1/segment-key";
    private static final int TAG_BITS = BlobFormat.TAG_LENGTH * 8;

    private final Cipher cipher;
    private final SecretKey key;
    private final byte[] header;
    private final byte[] nonce = new byte[BlobFormat.NONCE_LENGTH];

    /** A cipher for the blob whose encoded header is {@code header} and whose data key is {@code dataKey}. */
    public SegmentCipher(byte[] dataKey, BlobHeader header) {
        byte[] k = Hkdf.expand(dataKey, SEGMENT_KEY_LABEL.getBytes(StandardCharsets.US_ASCII),
                BlobFormat.DATA_KEY_LENGTH);
        try {
            this.key = new SecretKeySpec(k, "AES");
        } finally {
            Arrays.fill(k, (byte) 0);
        }
        this.header = header.toBytes();
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available in this JDK", e);
        }
    }

    /**
     * Seals {@code length <= SEGMENT_SIZE} bytes of {@code plaintext} as segment {@code index} into {@code out}
     * (which needs {@code length + TAG_LENGTH} bytes); returns the sealed length.
     */
    public int seal(long index, boolean last, byte[] plaintext, int length, byte[] out) {
        checkLength(length);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(index, last)));
            cipher.updateAAD(header);
            return cipher.doFinal(plaintext, 0, length, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM segment sealing failed", e);
        }
    }

    /**
     * Opens segment {@code index} from the first {@code sealedLength} bytes of {@code sealed} into {@code out};
     * returns the plaintext length. Fails if the segment was altered, moved, cut, or sealed under another key or
     * header, or if {@code last} does not match how it was sealed.
     */
    public int open(long index, boolean last, byte[] sealed, int sealedLength, byte[] out)
            throws BlobCorruptedException {
        if (sealedLength < BlobFormat.TAG_LENGTH) {
            throw new BlobCorruptedException("segment " + index + " is shorter than its tag");
        }
        checkLength(sealedLength - BlobFormat.TAG_LENGTH);
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(index, last)));
            cipher.updateAAD(header);
            return cipher.doFinal(sealed, 0, sealedLength, out, 0);
        } catch (AEADBadTagException e) {
            throw new BlobCorruptedException("segment " + index + " failed authentication", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM segment opening failed", e);
        }
    }

    private byte[] nonce(long index, boolean last) {
        if (index < 0) {
            throw new IllegalArgumentException("segment index must not be negative");
        }
        for (int i = 7; i >= 0; i--) {
            nonce[i] = (byte) (index >>> (8 * (7 - i)));
        }
        nonce[8] = (byte) (last ? 1 : 0);
        // nonce[9..11] stay zero. GCMParameterSpec copies the array, so reusing it is safe.
        return nonce;
    }

    private static void checkLength(int length) {
        if (length < 0 || length > BlobFormat.SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment plaintext must be 0.." + BlobFormat.SEGMENT_SIZE + " bytes");
        }
    }

    @Override
    public String toString() {
        return "SegmentCipher[key redacted]";
    }
}
