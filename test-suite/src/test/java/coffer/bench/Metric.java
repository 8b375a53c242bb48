package coffer.bench;

/** One measured figure of one target, e.g. "4 KiB PUT" 745 ops/s (higher is better) or p99 12 ms (lower is). */
record Metric(String name, String unit, double value, boolean higherIsBetter) {
}
