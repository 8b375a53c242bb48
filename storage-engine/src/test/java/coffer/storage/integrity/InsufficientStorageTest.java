package coffer.storage.integrity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.storage.ObjectRecord;
import coffer.storage.PutObject;
import coffer.storage.Store;
import coffer.storage.StoreException;
import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.InsufficientStorageException;
import coffer.storage.internal.blob.LocalBlobEngine;
import coffer.storage.multipart.NewUpload;
import coffer.storage.multipart.PutPart;
import coffer.storage.multipart.Upload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A full blob store through the Store facade: refused with INSUFFICIENT_STORAGE, nothing published, reads work. */
class InsufficientStorageTest {
    private final IntegrityFixture f = new IntegrityFixture("disk_full_" + System.nanoTime() % 100_000);

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.walk(f.blobDir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void writesAreRefusedAndReadsKeepWorking() throws Exception {
        ObjectRecord before = f.put("before", 100_000);
        Upload upload = f.store.multipart().createMultipartUpload(NewUpload.of(f.bucket, "mp").build());
        List<Path> filesBefore = files();
        BlobEngine full = new LocalBlobEngine(f.blobDir, f.keys, f.random, Long.MAX_VALUE / 4);
        Store store = Store.builder().database(f.db).blobs(full).sealer(f.keys).clock(f.clock).random(f.random)
                .gcGrace(IntegrityFixture.GRACE).build();

        StoreException put = assertThrows(StoreException.class, () -> store.putObject(PutObject.of(f.bucket, "after",
                new ByteArrayInputStream(new byte[10]), 10).build()));
        assertEquals(StoreException.Reason.INSUFFICIENT_STORAGE, put.reason());
        assertTrue(put.getCause() instanceof InsufficientStorageException);
        StoreException part = assertThrows(StoreException.class,
                () -> store.multipart().uploadPart(PutPart.of(f.bucket, "mp", upload.uploadId(), 1,
                new ByteArrayInputStream(new byte[10]), 10).build()));
        assertEquals(StoreException.Reason.INSUFFICIENT_STORAGE, part.reason());

        assertTrue(store.findObject(f.bucket, "after").isEmpty(), "nothing published");
        assertEquals(0, store.multipart().listParts(f.bucket, "mp", upload.uploadId(), 0, 100).parts().size());
        assertEquals(filesBefore, files(), "no blob file left behind");
        try (InputStream in = store.openObject(store.findObject(f.bucket, "before").orElseThrow(), 0,
                before.size() - 1, null)) {
            assertArrayEquals(IntegrityFixture.bytes(100_000), in.readAllBytes());
        }
    }
}
