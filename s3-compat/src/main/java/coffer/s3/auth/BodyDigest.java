package coffer.s3.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.Checksum;

/**
 * One running digest over a request body: a CRC or a message digest behind one shape. Not thread-safe: one
 * instance per body.
 */
public interface BodyDigest {

    void update(byte[] bytes, int offset, int length);

    /** The digest's bytes, big-endian for CRCs, as S3 base64-encodes them. Call once. */
    byte[] finish();

    /** A {@link MessageDigest} by JDK name, for example {@code SHA-256}; every JDK has the ones we use. */
    static BodyDigest of(String jdkAlgorithm) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(jdkAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jdkAlgorithm, e);
        }
        return new BodyDigest() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
            }

            @Override
            public byte[] finish() {
                return digest.digest();
            }
        };
    }

    /** A CRC whose value is {@code widthBytes} wide, emitted big-endian. */
    static BodyDigest of(Checksum checksum, int widthBytes) {
        return new BodyDigest() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                checksum.update(bytes, offset, length);
            }

            @Override
            public byte[] finish() {
                long value = checksum.getValue();
                byte[] out = new byte[widthBytes];
                for (int i = widthBytes - 1; i >= 0; i--) {
                    out[i] = (byte) value;
                    value >>>= 8;
                }
                return out;
            }
        };
    }
}
