package coffer.it.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The harness's own arithmetic: content ranges, part layouts and the two ETag rules. */
class VersionContentTest {
    private static final String KEY = "t1/k3/deeper name";

    @Test
    void aRangeIsTheSameBytesAsTheWholeContentAtThatOffset() throws IOException {
        byte[] whole = readAll(VersionContent.stream(KEY, 7, 200_003));
        assertEquals(200_003, whole.length);
        for (long[] range : new long[][] {{0, 1}, {3, 70_001}, {65_535, 2}, {131_077, 68_926}, {200_002, 1}}) {
            int from = (int) range[0];
            int to = from + (int) range[1];
            byte[] part = readAll(VersionContent.stream(KEY, 7, range[0], range[1]));
            assertArrayEquals(Arrays.copyOfRange(whole, from, to), part, "range at " + from);
            assertArrayEquals(md5(Arrays.copyOfRange(whole, from, to)), VersionContent.md5(KEY, 7, range[0],
                    range[1]));
        }
        assertNull(VersionContent.mismatch(new ByteArrayInputStream(whole), KEY, 7, whole.length));
        assertNotEquals(null, VersionContent.mismatch(new ByteArrayInputStream(whole), KEY, 8, whole.length));
    }

    @Test
    void multipartEtagIsTheMd5OfThePartMd5sWithTheirCount() throws IOException {
        ObjectState state = new ObjectState(4, 2_500, 1_000);
        assertEquals(3, state.partCount());
        assertEquals(500, state.partLength(2));
        byte[] whole = readAll(VersionContent.stream(KEY, 4, 2_500));
        MessageDigest ofParts = VersionContent.newMd5();
        for (int[] p : new int[][] {{0, 1_000}, {1_000, 2_000}, {2_000, 2_500}}) {
            ofParts.update(md5(Arrays.copyOfRange(whole, p[0], p[1])));
        }
        assertEquals("\"" + HexFormat.of().formatHex(ofParts.digest()) + "-3\"", VersionContent.etag(KEY, state));
        assertEquals("\"" + HexFormat.of().formatHex(md5(whole)) + "\"",
                VersionContent.etag(KEY, ObjectState.single(4, 2_500)));
    }

    @Test
    void multipartShapesHaveFullPartsOfAtLeastTheMinimumAndASmallerLast() {
        CrashSettings shortForm = new CrashSettings(3, 4, 12, 4L << 20, 1_000, 3_000, 10, 2,
                CrashSettings.MIN_PART_SIZE, 256L << 10, 1);
        CrashSettings longForm = new CrashSettings(9, 6, 16, 40L << 20, 2_000, 8_000, 10, 4, 8L << 20, 8L << 20, 1);
        Random random = new Random(42);
        for (CrashSettings s : new CrashSettings[] {shortForm, longForm}) {
            for (int i = 0; i < 1_000; i++) {
                ObjectState st = s.nextMultipart(i + 1, random);
                int n = st.partCount();
                assertTrue(n >= 2 && n <= s.maxParts(), st.toString());
                assertTrue(st.partSize() >= CrashSettings.MIN_PART_SIZE && st.partSize() <= s.maxPartSize());
                long last = st.partLength(n - 1);
                assertTrue(last >= 1 && last <= Math.min(st.partSize(), s.maxLastPart()), st.toString());
                assertEquals(st.size(), (n - 1) * st.partSize() + last);
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static byte[] md5(byte[] b) {
        return VersionContent.newMd5().digest(b);
    }
}
