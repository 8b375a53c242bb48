package coffer.storage.internal.blob;

import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.BodyLengthMismatchException;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.CustomerKeyException;
import coffer.storage.blob.StoredBlob;
import coffer.storage.crypto.SealedValueException;
import coffer.storage.internal.crypto.MasterKeyring;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The encrypted blob format ({@link BlobFormat}, docs/storage-format.md section 2) independent of where its bytes
 * are kept: encodes a plaintext stream of known length into any {@link Sink}, and opens a blob whose bytes start at
 * any offset of a {@link FileChannel}. Used by engines that do not keep one file per blob (volumes); the bytes are
 * exactly those {@link LocalBlobEngine} puts in a blob file, so both read each other's payloads.
 *
 * <p>Key handling is the same as in {@link LocalBlobEngine}: a fresh random data key per blob, wrapped under the
 * current master key version with the blob id as context; SSE-C blobs (algorithm 2) mix in the customer key and
 * carry the customer key check in the wrapped value. Keys are zeroed after use and never appear in messages.
 * Thread-safe (no mutable state; each call makes its own ciphers).
 */
public final class BlobCodec {
    /** Where encoded bytes go, in order. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] bytes, int length) throws IOException;
    }

    /**
     * Positional reads of stored blob bytes, wherever they are kept (a file, a volume, an object store): reads
     * into {@code dst} from {@code position}, returning the bytes read or -1 at the end, like
     * {@link FileChannel#read(ByteBuffer, long)}. Reads come in ascending positions: the header, then the segments.
     */
    public interface Source extends java.io.Closeable {
        int read(ByteBuffer dst, long position) throws IOException;

        /** A file channel as a source; closing the source closes the channel. */
        static Source of(FileChannel channel) {
            return new Source() {
                @Override
                public int read(ByteBuffer dst, long position) throws IOException {
                    return channel.read(dst, position);
                }

                @Override
                public void close() throws IOException {
                    channel.close();
                }
            };
        }
    }

    private final MasterKeyring keys;
    private final SecureRandom random;

    public BlobCodec(MasterKeyring keys, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Encrypts exactly {@code length} bytes of {@code plaintext} as a new blob with a fresh id into {@code sink}
     * ({@link BlobFormat#fileLength} bytes), then reads once more and expects the end of the stream. Fails with
     * {@link BodyLengthMismatchException} when the stream is shorter or longer. With
     * {@link BlobEngine#UNKNOWN_LENGTH} it reads to the end of the stream (one segment ahead, to know which segment is
     * the last). Nothing is durable when this returns: the caller stores the bytes.
     */
    public StoredBlob encode(InputStream plaintext, long length, int partNumber, CustomerKey customerKey, Sink sink)
            throws IOException {
        return encode(plaintext, length, partNumber, customerKey, id -> sink);
    }

    /**
     * Like {@link #encode(InputStream, long, int, CustomerKey, Sink)}, with the sink chosen once the new blob's id
     * is known (an object store names the object after it before the first byte goes out).
     */
    public StoredBlob encode(InputStream plaintext, long length, int partNumber, CustomerKey customerKey,
                             java.util.function.Function<BlobId, Sink> sinkFor) throws IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        if (length < 0 && length != BlobEngine.UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("length must be known and not negative, or UNKNOWN_LENGTH");
        }
        try (FreshBlob blob = fresh(partNumber, customerKey)) {
            Sink sink = sinkFor.apply(blob.id());
            if (length == BlobEngine.UNKNOWN_LENGTH) {
                long[] size = new long[1];
                byte[] md5 = encodeToEnd(plaintext, sink, blob.header(), blob.blobKey(), size);
                return blob.stored(keys, size[0], md5);
            }
            byte[] md5 = encodeSegments(plaintext, length, sink, blob.header(), blob.blobKey());
            return blob.stored(keys, length, md5);
        }
    }

    /** Segments until the end of the stream; {@code size[0]} gets the plaintext length. */
    private static byte[] encodeToEnd(InputStream in, Sink sink, BlobHeader header, byte[] blobKey, long[] size)
            throws IOException {
        MessageDigest md5 = md5();
        SegmentCipher cipher = new SegmentCipher(blobKey, header);
        sink.write(header.toBytes(), BlobFormat.HEADER_LENGTH);
        byte[] current = new byte[BlobFormat.SEGMENT_SIZE];
        byte[] next = new byte[BlobFormat.SEGMENT_SIZE];
        byte[] sealed = new byte[BlobFormat.SEALED_SEGMENT_SIZE];
        int have = in.readNBytes(current, 0, current.length);
        for (long index = 0; ; index++) {
            // A full segment may be the last one: only reading ahead tells.
            int ahead = have == BlobFormat.SEGMENT_SIZE ? in.readNBytes(next, 0, next.length) : 0;
            boolean last = ahead == 0;
            md5.update(current, 0, have);
            size[0] += have;
            sink.write(sealed, cipher.seal(index, last, current, have, sealed));
            if (last) {
                return md5.digest();
            }
            byte[] t = current;
            current = next;
            next = t;
            have = ahead;
        }
    }

    /** A new blob's id and keys (SSE-C with a {@code customerKey}), shared by the codec and the file engine. */
    FreshBlob fresh(int partNumber, CustomerKey customerKey) {
        BlobId id = BlobId.random(random);
        byte[] dataKey = new byte[BlobFormat.DATA_KEY_LENGTH];
        random.nextBytes(dataKey);
        return new FreshBlob(id, dataKey, partNumber, customerKey);
    }

    private static byte[] encodeSegments(InputStream in, long length, Sink sink, BlobHeader header, byte[] blobKey)
            throws IOException {
        MessageDigest md5 = md5();
        SegmentCipher cipher = new SegmentCipher(blobKey, header);
        sink.write(header.toBytes(), BlobFormat.HEADER_LENGTH);
        byte[] plain = new byte[(int) Math.min(BlobFormat.SEGMENT_SIZE, Math.max(1, length))];
        byte[] sealed = new byte[plain.length + BlobFormat.TAG_LENGTH];
        long count = BlobFormat.segmentCount(length);
        for (long index = 0; index < count; index++) {
            int want = BlobFormat.plaintextLength(index, length);
            if (in.readNBytes(plain, 0, want) < want) {
                throw new BodyLengthMismatchException(length, true);
            }
            md5.update(plain, 0, want);
            sink.write(sealed, cipher.seal(index, index == count - 1, plain, want, sealed));
        }
        if (in.read() != -1) {
            throw new BodyLengthMismatchException(length, false);
        }
        return md5.digest();
    }

    /**
     * Plaintext bytes {@code first..last} of {@code blob}, whose header starts at {@code base} in {@code channel}.
     * Checks the customer key, the header and the first needed segment before returning. The stream owns the
     * channel; on failure the channel is closed here.
     */
    public InputStream open(StoredBlob blob, FileChannel channel, long base, long first, long last,
                            CustomerKey customerKey) throws IOException {
        return open(blob, Source.of(channel), base, first, last, customerKey);
    }

    /** Like {@link #open(StoredBlob, FileChannel, long, long, long, CustomerKey)} on any {@link Source}. */
    public InputStream open(StoredBlob blob, Source channel, long base, long first, long last,
                            CustomerKey customerKey) throws IOException {
        byte[] blobKey = null;
        try {
            checkRange(blob.size(), first, last);
            byte[] headerBytes = new byte[BlobFormat.HEADER_LENGTH];
            ByteBuffer buf = ByteBuffer.wrap(headerBytes);
            while (buf.hasRemaining()) {
                if (channel.read(buf, base + buf.position()) < 0) {
                    throw new BlobCorruptedException("blob " + blob.id() + " is truncated in its header");
                }
            }
            blobKey = blobKey(blob, customerKey);
            int algorithm = customerKey == null ? BlobFormat.ALGORITHM_AES_256_GCM
                    : BlobFormat.ALGORITHM_AES_256_GCM_CUSTOMER_KEY;
            BlobHeader header = BlobHeader.parse(headerBytes, blob.id(), blobKey, algorithm);
            return new SegmentInputStream(channel, base, new SegmentCipher(blobKey, header), blob.id(), blob.size(),
                    first, last);
        } catch (Throwable t) {
            channel.close();
            throw t;
        } finally {
            if (blobKey != null) {
                Arrays.fill(blobKey, (byte) 0);
            }
        }
    }

    /** Checks {@code customerKey} (may be null) against the blob's wrapped key, reading no data. */
    public void checkCustomerKey(StoredBlob blob, CustomerKey customerKey) throws IOException {
        Arrays.fill(blobKey(blob, customerKey), (byte) 0);
    }

    /** See {@link BlobEngine#customerKeyCheck}. */
    public byte[] customerKeyCheck(CustomerKey customerKey) {
        byte[] k = customerKey.bytes();
        try {
            return keys.customerKeyCheck(k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** See {@link BlobEngine#wrapUnderKmsKey}; both layers are under the keyring's current version. */
    public StoredBlob wrapUnderKmsKey(StoredBlob blob, String kmsKeyId) {
        byte[] wrapped = keys.wrapUnderKmsKey(Objects.requireNonNull(kmsKeyId, "kmsKeyId"), blob.wrappedKey(),
                blob.id().toBytes());
        return new StoredBlob(blob.id(), blob.size(), blob.md5(), MasterKeyring.versionOf(wrapped), wrapped);
    }

    /** See {@link BlobEngine#unwrapFromKmsKey}. */
    public StoredBlob unwrapFromKmsKey(StoredBlob blob, String kmsKeyId) throws BlobCorruptedException {
        try {
            byte[] inner = keys.unwrapUnderKmsKey(Objects.requireNonNull(kmsKeyId, "kmsKeyId"), blob.wrappedKey(),
                    blob.id().toBytes());
            return new StoredBlob(blob.id(), blob.size(), blob.md5(), MasterKeyring.versionOf(inner), inner);
        } catch (SealedValueException e) {
            // The key id is not a secret, but it is the client's: the message names only the blob.
            throw new BlobCorruptedException("blob " + blob.id() + ": wrapped key does not open under its KMS key",
                    e);
        }
    }

    /** See {@link BlobEngine#customerKeyMatches}. */
    public boolean customerKeyMatches(byte[] check, CustomerKey customerKey) {
        byte[] k = customerKey.bytes();
        try {
            return keys.customerKeyMatches(check, k);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /** The data key, followed for an SSE-C blob by the customer key check: what gets wrapped. */
    static byte[] keyMaterial(byte[] dataKey, CustomerKey customerKey) {
        if (customerKey == null) {
            return dataKey;
        }
        byte[] check = CustomerKeyMixing.check(dataKey, customerKey);
        byte[] material = Arrays.copyOf(dataKey, dataKey.length + check.length);
        System.arraycopy(check, 0, material, dataKey.length, check.length);
        return material;
    }

    /**
     * The key the blob's segments derive from, after checking that {@code customerKey} is given exactly when the
     * blob needs one and is the right one. The algorithm follows from the unwrapped length, so a catalog row
     * stripped of its check cannot downgrade an SSE-C blob.
     */
    private byte[] blobKey(StoredBlob blob, CustomerKey customerKey) throws IOException {
        byte[] material;
        try {
            material = keys.unwrapDataKey(blob.wrappedKey(), blob.id().toBytes());
        } catch (SealedValueException e) {
            throw new BlobCorruptedException("blob " + blob.id() + ": data key does not unwrap", e);
        }
        byte[] dataKey = Arrays.copyOf(material, BlobFormat.DATA_KEY_LENGTH);
        try {
            boolean needsKey = material.length == BlobFormat.DATA_KEY_LENGTH + CustomerKeyMixing.CHECK_LENGTH;
            if (!needsKey && material.length != BlobFormat.DATA_KEY_LENGTH) {
                throw new BlobCorruptedException("blob " + blob.id() + ": wrapped key has an unexpected length");
            }
            if (!needsKey) {
                if (customerKey != null) {
                    throw new CustomerKeyException(CustomerKeyException.Problem.NOT_APPLICABLE,
                            "blob " + blob.id() + " was not written with a customer key");
                }
                return dataKey.clone();
            }
            if (customerKey == null) {
                throw new CustomerKeyException(CustomerKeyException.Problem.MISSING,
                        "blob " + blob.id() + " needs its customer key");
            }
            byte[] check = Arrays.copyOfRange(material, BlobFormat.DATA_KEY_LENGTH, material.length);
            if (!CustomerKeyMixing.matches(check, dataKey, customerKey)) {
                throw new CustomerKeyException(CustomerKeyException.Problem.WRONG,
                        "blob " + blob.id() + ": the customer key does not match");
            }
            return CustomerKeyMixing.blobKey(dataKey, customerKey, blob.id());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            Arrays.fill(material, (byte) 0);
        }
    }

    private static void checkRange(long size, long first, long last) {
        boolean emptyBlob = size == 0 && first == 0 && last == -1;
        if (!emptyBlob && (first < 0 || first > last || last >= size)) {
            throw new IllegalArgumentException("range " + first + "-" + last + " is outside 0-" + (size - 1));
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "BlobCodec[keys redacted]";
    }
}
