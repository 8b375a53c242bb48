package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import coffer.storage.StoreException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnavailableLogTest {
    private static final StoreException DOWN = new StoreException(StoreException.Reason.UNAVAILABLE,
            "catalog unavailable during get object", new SQLTransientConnectionException("pool timed out"));

    @Test
    void anOutageOfManyRequestsIsOneLinePerMinute() {
        AtomicLong now = new AtomicLong(1_000);
        UnavailableLog log = new UnavailableLog(now::get);

        long logged = IntStream.range(0, 328).filter(i -> {
            now.addAndGet(100_000_000L); // a request every 0.1 s: 32.8 s in all
            return log.failed("r" + i, DOWN);
        }).count();
        assertEquals(1, logged, "328 failures within a minute: one line");

        now.addAndGet(UnavailableLog.QUIET.toNanos());
        assertEquals(true, log.failed("later", DOWN), "a minute later the outage is logged again");
        assertEquals(false, log.failed("next", DOWN));
    }
}
