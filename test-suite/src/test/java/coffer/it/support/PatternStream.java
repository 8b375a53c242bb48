package coffer.it.support;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * A deterministic stream of {@code length} pseudo-random bytes that never holds more than one 64 KiB block: block
 * {@code b} is a fixed random pattern XORed, word by word, with a 64-bit mix of {@code b}, so no two blocks are alike
 * and a misplaced, repeated or dropped block changes the digest. Keeps an MD5 of every byte it has handed out.
 * Not thread-safe (one reader, like any stream).
 */
public final class PatternStream extends InputStream {
    private static final int BLOCK = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long length;
    private final byte[] pattern = new byte[BLOCK];
    private final byte[] block = new byte[BLOCK];
    private final long seed;
    private final MessageDigest md5;
    private long position;
    private long blockIndex = -1;

    public PatternStream(long seed, long length) {
        this.length = length;
        this.seed = seed;
        new SplittableRandom(seed).nextBytes(pattern);
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The MD5 of all {@code length} bytes, computed by reading a fresh stream of the same seed to its end. */
    public static byte[] md5Of(long seed, long length) {
        PatternStream s = new PatternStream(seed, length);
        byte[] buf = new byte[BLOCK];
        while (s.read(buf, 0, buf.length) >= 0) {
            // the digest is updated by read
        }
        return s.digest();
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        long b0 = position / BLOCK;
        if (b0 != blockIndex) {
            fill(b0);
        }
        int inBlock = (int) (position % BLOCK);
        int n = (int) Math.min(Math.min(len, BLOCK - inBlock), length - position);
        System.arraycopy(block, inBlock, b, off, n);
        md5.update(b, off, n);
        position += n;
        return n;
    }

    private void fill(long index) {
        long mix = mix(seed ^ (index * 0x9E3779B97F4A7C15L));
        for (int i = 0; i < BLOCK; i += 8) {
            LONGS.set(block, i, (long) LONGS.get(pattern, i) ^ mix);
        }
        blockIndex = index;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Bytes handed out so far. */
    public long position() {
        return position;
    }

    public boolean exhausted() {
        return position == length;
    }

    /** The MD5 of the bytes handed out so far (call once, at the end). */
    public byte[] digest() {
        return md5.digest();
    }
}
