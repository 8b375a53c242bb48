package coffer.storage.internal.blob.volume;

import static coffer.storage.internal.blob.BlobTestSupport.randomBytes;
import static coffer.storage.internal.blob.BlobTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import coffer.storage.blob.BlobId;
import coffer.storage.blob.VolumeSettings;
import coffer.storage.internal.blob.BlobCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The log line for a cut torn tail says what is known: the record was incomplete on disk. It may have been
 * acknowledged (a device that lost forced writes), so it must not claim otherwise, and it names reconciliation.
 */
class VolumeTornTailLogTest {
    @TempDir
    Path dir;

    @Test
    void aCutTailIsReportedAsPossiblyAcknowledgedNeverAsCertainlyNot() throws IOException {
        BlobCodec codec = VolumeTestSupport.codec(dir);
        Path volumes = dir.resolve("volumes");
        try (VolumeBlobEngine engine = VolumeBlobEngine.open(volumes, codec, VolumeSettings.DEFAULTS,
                VolumeChannels.DEFAULT)) {
            write(engine, randomBytes(3000));
        }
        byte[] torn = new byte[36 + 1500];
        VolumeRecord.blob(BlobId.random(new SecureRandom()), new byte[3000], 0, 3000).encodeInto(torn, 0);
        Files.write(volumes.resolve("1.vol"), torn, StandardOpenOption.APPEND);
        Logger logger = (Logger) LoggerFactory.getLogger(VolumeRecovery.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (VolumeBlobEngine engine = VolumeBlobEngine.open(volumes, codec, VolumeSettings.DEFAULTS,
                VolumeChannels.DEFAULT)) {
            assertEquals(torn.length, engine.recoveryReport().get(0).result().tornBytes());
        } finally {
            logger.detachAppender(appender);
        }

        List<String> cuts = appender.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("cut " + torn.length + " bytes")).toList();
        assertEquals(1, cuts.size(), appender.list.toString());
        String line = cuts.get(0);
        assertFalse(line.contains("(never acknowledged)"), line);
        assertTrue(line.contains("may have been"), line);
        assertTrue(line.contains("reconciliation"), line);
    }
}
