package coffer.it.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the clients saw around a kill, from the calls' outcomes that ended between the kill and {@code untilNanos}
 * (the next fault, if any; times relative to the kill, in ms): the first call that failed, the first 503, and the
 * first call started after the first failure (or after the kill, if nothing failed) that succeeded again (and the
 * first such PUT: reads may come back before writes do); with the counts of failures by status (a client-side error
 * with its gateway).
 */
record FailoverTimeline(long killNanos, Optional<ClusterLoad.Outcome> firstFailure,
                        Optional<ClusterLoad.Outcome> first503, Optional<ClusterLoad.Outcome> firstSuccessAgain,
                        Optional<ClusterLoad.Outcome> firstPutAgain, long succeededBefore, long succeededAfter,
                        Map<String, Long> failures) {

    static FailoverTimeline of(List<ClusterLoad.Outcome> outcomes, long killNanos) {
        return of(outcomes, killNanos, Long.MAX_VALUE);
    }

    static FailoverTimeline of(List<ClusterLoad.Outcome> all, long killNanos, long untilNanos) {
        List<ClusterLoad.Outcome> outcomes = all.stream().filter(o -> o.endNanos() < untilNanos).toList();
        Comparator<ClusterLoad.Outcome> byEnd = Comparator.comparingLong(ClusterLoad.Outcome::endNanos);
        List<ClusterLoad.Outcome> sorted = outcomes.stream().sorted(byEnd).toList();
        Optional<ClusterLoad.Outcome> firstFailure = sorted.stream()
                .filter(o -> !o.ok() && o.endNanos() >= killNanos).findFirst();
        Optional<ClusterLoad.Outcome> first503 = sorted.stream()
                .filter(o -> o.status() == 503 && o.endNanos() >= killNanos).findFirst();
        long from = firstFailure.map(ClusterLoad.Outcome::endNanos).orElse(killNanos);
        Optional<ClusterLoad.Outcome> again = sorted.stream()
                .filter(o -> o.ok() && o.startNanos() >= from).findFirst();
        Optional<ClusterLoad.Outcome> putAgain = sorted.stream()
                .filter(o -> o.ok() && o.operation().equals("PUT") && o.startNanos() >= from).findFirst();
        Map<String, Long> failures = new TreeMap<>();
        for (ClusterLoad.Outcome o : outcomes) {
            if (!o.ok() && o.endNanos() >= killNanos) {
                failures.merge(o.status() + " " + o.detail() + (o.status() == 0 ? " (gateway " + o.gateway() + ")"
                        : ""), 1L, Long::sum);
            }
        }
        long before = outcomes.stream().filter(o -> o.ok() && o.endNanos() < killNanos).count();
        long after = outcomes.stream().filter(o -> o.ok() && o.endNanos() >= killNanos).count();
        return new FailoverTimeline(killNanos, firstFailure, first503, again, putAgain, before, after, failures);
    }

    /** Milliseconds from the kill to the end of {@code o}, or "none". */
    private String at(Optional<ClusterLoad.Outcome> o) {
        return o.map(x -> "+" + (x.endNanos() - killNanos) / 1_000_000 + " ms (" + x.operation() + " "
                + (x.status() == 0 ? "client error" : String.valueOf(x.status())) + " via gateway " + x.gateway() + ")")
                .orElse("none");
    }

    String describe() {
        return "fault at t=0; first failed request " + at(firstFailure) + "; first 503 " + at(first503)
                + "; first success again " + at(firstSuccessAgain) + ", first PUT acknowledged again "
                + at(firstPutAgain) + "; calls succeeded: " + succeededBefore
                + " before the fault, " + succeededAfter + " after; failures by status: "
                + (failures.isEmpty() ? "none" : failures);
    }
}
