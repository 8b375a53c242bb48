package coffer.storage.bench;

import coffer.storage.blob.BlobEngine;
import coffer.storage.blob.LocalBlobEngine;
import coffer.storage.crypto.MasterKeyring;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The blob engines the benchmarks compare, named by the JMH parameter {@code engine}. Today there is one: every
 * blob in its own file, each write forced on its own (group commit off). A volume engine with group commit is
 * added here as another constant, and every benchmark then measures both.
 */
public enum EngineVariant {
    /** {@link LocalBlobEngine}: one file per blob, temp file + force + rename + directory force per write. */
    FILE_PER_BLOB {
        @Override
        BlobEngine open(Path blobDir, MasterKeyring keys, SecureRandom random) throws IOException {
            return new LocalBlobEngine(blobDir, keys, random);
        }
    };

    abstract BlobEngine open(Path blobDir, MasterKeyring keys, SecureRandom random) throws IOException;
}
