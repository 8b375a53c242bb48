package coffer.storage.internal.blob.volume;

import coffer.storage.internal.blob.DelegatingFileChannel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@link FileChannel} that counts {@link #force} calls and lets a test run something before each one
 * (block it, or make it fail). Everything else goes straight to the file.
 */
class ForwardingFileChannel extends DelegatingFileChannel {
    /** Runs before each force with the number of that force (1, 2, ...); may throw to fail it. */
    interface BeforeForce {
        void run(int number) throws IOException;
    }

    private final BeforeForce beforeForce;
    final AtomicInteger forces = new AtomicInteger();

    ForwardingFileChannel(FileChannel delegate, BeforeForce beforeForce) {
        super(delegate);
        this.beforeForce = beforeForce;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        beforeForce.run(forces.incrementAndGet());
        super.force(metaData);
    }
}
