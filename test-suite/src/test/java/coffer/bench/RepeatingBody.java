package coffer.bench;

import java.io.InputStream;
import java.util.SplittableRandom;

/** Request bodies of any length from one 1 MiB random block, repeated: no client CPU beyond a memcpy. */
final class RepeatingBody {
    static final int BLOCK = 1 << 20;
    private static final byte[] DATA = new byte[BLOCK];

    static {
        new SplittableRandom(5).nextBytes(DATA);
    }

    private RepeatingBody() {
    }

    /** A fresh stream of {@code length} bytes. */
    static InputStream of(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? DATA[(int) (position++ % BLOCK)] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return len == 0 ? 0 : -1;
                }
                int at = (int) (position % BLOCK);
                int n = (int) Math.min(Math.min(len, BLOCK - at), length - position);
                System.arraycopy(DATA, at, b, off, n);
                position += n;
                return n;
            }
        };
    }
}
