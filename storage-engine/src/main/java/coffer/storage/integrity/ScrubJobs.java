package coffer.storage.integrity;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scrub as a background job, one at a time, on its own low-priority daemon thread, paced to
 * {@code bytesPerSecond}. A start while a scrub runs returns the running one. The newest job stays queryable until
 * the next starts. Closing interrupts a running scrub. Thread-safe.
 */
public final class ScrubJobs implements AutoCloseable {
    /** A job's state as the admin API shows it. */
    public enum State { RUNNING, DONE, FAILED, STOPPED }

    /** A snapshot of one job: its report so far (or final), and the failure in one line when it failed. */
    public record Status(long id, State state, ScrubReport report, String error) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScrubJobs.class);

    private final Scrubber scrubber;
    private final Clock clock;
    private final long bytesPerSecond;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coffer-scrub");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<Job> current = new AtomicReference<>();

    ScrubJobs(Scrubber scrubber, Clock clock, long bytesPerSecond) {
        this.scrubber = Objects.requireNonNull(scrubber, "scrubber");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bytesPerSecond = bytesPerSecond;
    }

    /** Starts a scrub unless one is running; returns the status of the one that runs now. */
    public synchronized Status start() {
        Job running = current.get();
        if (running != null && running.state == State.RUNNING) {
            return running.status();
        }
        Job job = new Job(ids.incrementAndGet(), new ScrubTally(clock.instant()));
        current.set(job);
        thread.execute(() -> run(job));
        return job.status();
    }

    /** The newest job, if any was started. */
    public Optional<Status> status() {
        return Optional.ofNullable(current.get()).map(Job::status);
    }

    private void run(Job job) {
        try {
            job.finish(State.DONE, scrubber.run(job.tally, Throttle.of(bytesPerSecond)), null);
        } catch (InterruptedException e) {
            job.finish(State.STOPPED, null, "stopped");
        } catch (Exception e) {
            LOG.error("scrub {} failed", job.id, e);
            job.finish(State.FAILED, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Job {
        final long id;
        final ScrubTally tally;
        volatile State state = State.RUNNING;
        volatile ScrubReport finalReport;
        volatile String error;

        Job(long id, ScrubTally tally) {
            this.id = id;
            this.tally = tally;
        }

        void finish(State end, ScrubReport report, String failure) {
            finalReport = report != null ? report : tally.report(clock.instant());
            error = failure;
            state = end;
        }

        Status status() {
            State s = state;
            return new Status(id, s, s == State.RUNNING ? tally.report(null) : finalReport, error);
        }
    }
}
