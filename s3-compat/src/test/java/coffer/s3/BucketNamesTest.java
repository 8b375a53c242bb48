package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BucketNamesTest {
    @Test
    void awsRules() {
        for (String ok : new String[] {"abc", "my-bucket", "my.bucket.2", "a".repeat(63), "1bucket"}) {
            assertTrue(BucketNames.isValid(ok), ok);
        }
        for (String bad : new String[] {"ab", "a".repeat(64), "Upper", "under_score", "-a1", "a1-", "a..b", "a.-b",
            "a-.b", "10.0.0.1", "xn--abc", "sthree-x", "x-s3alias", "x--ol-s3", "", "a b"}) {
            assertFalse(BucketNames.isValid(bad), bad);
        }
    }
}
