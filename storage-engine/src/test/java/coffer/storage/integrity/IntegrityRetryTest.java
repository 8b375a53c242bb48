package coffer.storage.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IntegrityRetryTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aFailedPassIsRetriedWithinSecondsThenLessOftenButNeverAnIntervalLater() {
        assertEquals(Duration.ofSeconds(10), Integrity.retryDelay(1, HOUR));
        assertEquals(Duration.ofSeconds(20), Integrity.retryDelay(2, HOUR));
        assertEquals(Duration.ofSeconds(40), Integrity.retryDelay(3, HOUR));
        assertEquals(Duration.ofSeconds(160), Integrity.retryDelay(5, HOUR));
        assertEquals(Duration.ofMinutes(5), Integrity.retryDelay(6, HOUR));
        assertEquals(Duration.ofMinutes(5), Integrity.retryDelay(1000, HOUR));
    }

    @Test
    void aShortIntervalCapsTheBackOffAndZeroStillRetries() {
        assertEquals(Duration.ofSeconds(30), Integrity.retryDelay(3, Duration.ofSeconds(30)));
        assertEquals(Duration.ofSeconds(5), Integrity.retryDelay(1, Duration.ofSeconds(5)));
        assertEquals(Duration.ofMinutes(5), Integrity.retryDelay(20, Duration.ZERO), "only-at-start still retries");
    }
}
