package coffer.storage.internal.blob.volume;

import coffer.storage.blob.BlobCheck;
import coffer.storage.blob.BlobCorruptedException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.BlobEntry;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.CustomerKey;
import coffer.storage.blob.StoredBlob;
import coffer.storage.internal.blob.BlobFormat;
import coffer.storage.internal.blob.FreeSpaceReserve;
import coffer.storage.internal.blob.KeyedBlobEngine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Routes blobs between two engines: whole objects of known length up to the volume engine's limit go to
 * {@link VolumeBlobEngine} (group commit); everything else (large objects, multipart parts, unknown lengths) goes
 * to {@code files} (one file per blob). Reads, deletes and customer key checks go to the engine that holds the
 * blob, which the volume index answers in memory; a blob not in a volume is assumed to be a file, so blobs written
 * before volumes were turned on keep working. With {@code volumeWrites} false every new blob is a file, while
 * blobs already in volumes stay readable and deletable (volumes turned off after use). Thread-safe when both
 * engines are. {@link #close} closes the volume engine.
 */
public final class TieredBlobEngine extends KeyedBlobEngine implements AutoCloseable {
    private final BlobEngine files;
    private final VolumeBlobEngine volumes;
    private final boolean volumeWrites;
    private final FreeSpaceReserve reserve;

    /** Small whole objects go to {@code volumes}. */
    public TieredBlobEngine(BlobEngine files, VolumeBlobEngine volumes) {
        this(files, volumes, true);
    }

    /** With {@code volumeWrites} false, no new blob goes to {@code volumes}; existing ones are still served. */
    public TieredBlobEngine(BlobEngine files, VolumeBlobEngine volumes, boolean volumeWrites) {
        this(files, volumes, volumeWrites, null);
    }

    /**
     * As above; a non-null {@code reserve} refuses volume writes that would leave less free space than it keeps
     * (the file engine applies its own), and a full disk met while appending becomes
     * {@link coffer.storage.blob.InsufficientStorageException}, as for files.
     */
    public TieredBlobEngine(BlobEngine files, VolumeBlobEngine volumes, boolean volumeWrites,
            FreeSpaceReserve reserve) {
        this.files = Objects.requireNonNull(files, "files");
        this.volumes = Objects.requireNonNull(volumes, "volumes");
        this.volumeWrites = volumeWrites;
        this.reserve = reserve;
    }

    /** The volume engine, for reconciliation, scrub and stats. */
    public VolumeBlobEngine volumes() {
        return volumes;
    }

    @Override
    public StoredBlob write(InputStream plaintext, long length, int partNumber, CustomerKey customerKey)
            throws IOException {
        // Parts stay one file each: CompleteMultipartUpload references part blobs, and parts are rarely small.
        if (volumeWrites && partNumber == 0 && length != UNKNOWN_LENGTH && length >= 0 && length <= volumes.maxObjectBytes()) {
            if (reserve != null) {
                reserve.check(VolumeRecord.HEADER_LENGTH + BlobFormat.fileLength(length));
            }
            try {
                return volumes.write(plaintext, length, 0, customerKey);
            } catch (IOException e) {
                throw FreeSpaceReserve.translate(e);
            }
        }
        return files.write(plaintext, length, partNumber, customerKey);
    }

    @Override
    public InputStream read(StoredBlob blob, long first, long last, CustomerKey customerKey) throws IOException {
        return engineOf(blob.id()).read(blob, first, last, customerKey);
    }

    @Override
    public void checkCustomerKey(StoredBlob blob, CustomerKey customerKey) throws IOException {
        engineOf(blob.id()).checkCustomerKey(blob, customerKey);
    }

    @Override
    public byte[] customerKeyCheck(CustomerKey customerKey) {
        return files.customerKeyCheck(customerKey);
    }

    @Override
    public boolean customerKeyMatches(byte[] check, CustomerKey customerKey) {
        return files.customerKeyMatches(check, customerKey);
    }

    /** The KMS layer wraps the data key only (catalog values, no blob bytes), so it does not depend on the tier. */
    @Override
    public StoredBlob wrapUnderKmsKey(StoredBlob blob, String kmsKeyId) {
        return files.wrapUnderKmsKey(blob, kmsKeyId);
    }

    @Override
    public StoredBlob unwrapFromKmsKey(StoredBlob blob, String kmsKeyId) throws BlobCorruptedException {
        return files.unwrapFromKmsKey(blob, kmsKeyId);
    }

    @Override
    public void delete(BlobId id) throws IOException {
        engineOf(id).delete(id);
    }

    /**
     * Removes the file engine's leftovers and reports the volume engine's recovery, which ran when it was opened;
     * call once, before the first write.
     */
    @Override
    public int recover() throws IOException {
        return files.recover() + volumes.recover();
    }

    /** Volume blobs, then blob files. */
    @Override
    public Stream<BlobEntry> list() throws IOException {
        Stream<BlobEntry> inVolumes = volumes.list();
        return Stream.concat(inVolumes, files.list());
    }

    @Override
    public boolean exists(BlobId id) throws IOException {
        return volumes.contains(id) || files.exists(id);
    }

    @Override
    public BlobCheck checkStored(BlobId id, long size) throws IOException {
        return engineOf(id).checkStored(id, size);
    }

    @Override
    public void close() {
        volumes.close();
    }

    private BlobEngine engineOf(BlobId id) {
        return volumes.contains(id) ? volumes : files;
    }
}
