package coffer.storage.testkit;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.blob.StoredBlob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A test {@link BlobEngine}: one plain (unencrypted) file per blob in a directory, MD5 computed while streaming.
 * It honours the interface's contract on lengths, stream exceptions and idempotent delete, but it does not
 * encrypt: the "wrapped key" is random bytes. Thread-safe.
 */
public final class FileBlobEngine implements BlobEngine {
    private final Path dir;
    private final SecureRandom random;

    public FileBlobEngine(Path dir, SecureRandom random) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.random = random;
    }

    @Override
    public StoredBlob write(InputStream plaintext, long length) throws IOException {
        BlobId id = BlobId.random(random);
        Path file = dir.resolve(id.value());
        MessageDigest md5 = md5();
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            byte[] buf = new byte[8192];
            if (length == UNKNOWN_LENGTH) {
                long size = 0;
                for (int n; (n = plaintext.read(buf)) >= 0; size += n) {
                    md5.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
                done = true;
                return new StoredBlob(id, size, md5.digest(), 1, randomWrappedKey());
            }
            long remaining = length;
            while (remaining > 0) {
                int n = plaintext.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    throw new BodyLengthMismatchException(length, true);
                }
                md5.update(buf, 0, n);
                out.write(buf, 0, n);
                remaining -= n;
            }
            if (plaintext.read() >= 0) {
                throw new BodyLengthMismatchException(length, false);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(file);
            }
        }
        return new StoredBlob(id, length, md5.digest(), 1, randomWrappedKey());
    }

    private byte[] randomWrappedKey() {
        byte[] wrapped = new byte[40];
        random.nextBytes(wrapped);
        return wrapped;
    }

    @Override
    public InputStream read(StoredBlob blob, long first, long last) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir.resolve(blob.id().value()), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException("blob is missing", e);
        }
        ch.position(first);
        InputStream in = Channels.newInputStream(ch);
        return new InputStream() {
            private long left = last - first + 1;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public void delete(BlobId id) throws IOException {
        Files.deleteIfExists(dir.resolve(id.value()));
    }

    public boolean exists(BlobId id) {
        return Files.exists(dir.resolve(id.value()));
    }

    /** Ids of every blob on disk. */
    public Set<String> ids() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> ids = new HashSet<>();
            files.forEach(f -> ids.add(f.getFileName().toString()));
            return ids;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
