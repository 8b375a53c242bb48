package coffer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-gateway load over HTTP with the AWS SDK v2, against any S3 endpoints, one after the other (never at the
 * same time: they share the machine). Every target is warmed up first; then {@code --rounds} rounds measure every
 * target once each, the order rotating from round to round so that no target always goes first. Prints one Markdown
 * table with a column per target (the median over the rounds) and, with two or more targets, the ratio of the first
 * to each other one ("x better": above 1 means the first target is better, for rates and for times alike); with
 * several rounds, also every round's rates. {@code make bench} runs it against Coffer and s3proxy,
 * {@code make bench-scaleout} ({@link ScaleOutBench}) against one and two gateways; docs/benchmarks.md.
 */
public final class LoadTool {
    private LoadTool() {
    }

    public static void main(String[] args) throws Exception {
        LoadSettings settings;
        try {
            settings = LoadSettings.parse(args, System.getenv());
            if (settings.targets().isEmpty()) {
                throw new IllegalArgumentException("no --target and no S3_ENDPOINT; " + LoadSettings.USAGE);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(measure(settings));
    }

    /** Warms every target up, runs the rounds, and answers the tables. */
    static String measure(LoadSettings settings) throws Exception {
        List<BenchTarget> targets = settings.targets();
        Map<BenchTarget, TargetRun> runs = new LinkedHashMap<>();
        Map<BenchTarget, List<List<Metric>>> rounds = new LinkedHashMap<>();
        try {
            for (BenchTarget target : targets) {
                System.err.println("[bench] warming up " + target);
                TargetRun run = new TargetRun(target, settings);
                runs.put(target, run);
                run.prepare();
                rounds.put(target, new ArrayList<>());
            }
            for (int r = 0; r < settings.rounds(); r++) {
                for (int k = 0; k < targets.size(); k++) {
                    BenchTarget target = targets.get((r + k) % targets.size());
                    System.err.println("[bench] round " + (r + 1) + " of " + settings.rounds() + ": " + target);
                    rounds.get(target).add(runs.get(target).measure());
                }
            }
        } finally {
            runs.values().forEach(TargetRun::close);
        }
        Map<BenchTarget, List<Metric>> medians = new LinkedHashMap<>();
        rounds.forEach((target, list) -> medians.put(target, medians(list)));
        String out = table(medians, settings);
        return settings.rounds() > 1 ? out + perRound(rounds) : out;
    }

    /** Row by row, the median of the rounds' values (the rounds have the same rows in the same order). */
    static List<Metric> medians(List<List<Metric>> rounds) {
        List<Metric> out = new ArrayList<>();
        for (int row = 0; row < rounds.get(0).size(); row++) {
            int r = row;
            double[] values = rounds.stream().mapToDouble(m -> m.get(r).value()).sorted().toArray();
            int mid = values.length / 2;
            double median = values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
            Metric m = rounds.get(0).get(row);
            out.add(new Metric(m.name(), m.unit(), median, m.higherIsBetter()));
        }
        return out;
    }

    /** Each round's value of the rate rows (ops/s, MiB/s), per target: how much the machine's noise moved them. */
    static String perRound(Map<BenchTarget, List<List<Metric>>> rounds) {
        List<BenchTarget> targets = new ArrayList<>(rounds.keySet());
        StringBuilder out = new StringBuilder("\nEvery round (rates):\n\n| Measurement | Unit |");
        targets.forEach(t -> out.append(' ').append(t.name()).append(" |"));
        out.append("\n|---|---|").append("---:|".repeat(targets.size())).append('\n');
        List<Metric> first = rounds.get(targets.get(0)).get(0);
        for (int row = 0; row < first.size(); row++) {
            Metric m = first.get(row);
            if (!m.unit().equals("ops/s") && !m.unit().equals("MiB/s")) {
                continue;
            }
            out.append("| ").append(m.name()).append(" | ").append(m.unit()).append(" |");
            for (BenchTarget t : targets) {
                int r = row;
                out.append(' ').append(String.join(" / ", rounds.get(t).stream()
                        .map(round -> format(round.get(r).value())).toList())).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String table(Map<BenchTarget, List<Metric>> results, LoadSettings settings) {
        List<BenchTarget> targets = new ArrayList<>(results.keySet());
        StringBuilder out = new StringBuilder(String.format("%n%d client threads, JDK %s, %d cores, %s%n%n",
                settings.threads(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                settings.rounds() == 1 ? "one round" : "median of " + settings.rounds() + " rounds"));
        out.append("| Measurement | Unit |");
        targets.forEach(t -> out.append(' ').append(t.name()).append(" |"));
        for (int i = 1; i < targets.size(); i++) {
            out.append(' ').append(targets.get(0).name()).append(" vs ").append(targets.get(i).name()).append(" |");
        }
        out.append("\n|---|---|").append("---:|".repeat(2 * targets.size() - 1)).append('\n');
        List<Metric> first = results.get(targets.get(0));
        for (int row = 0; row < first.size(); row++) {
            Metric m = first.get(row);
            out.append("| ").append(m.name()).append(" | ").append(m.unit()).append(" |");
            for (BenchTarget t : targets) {
                out.append(' ').append(format(results.get(t).get(row).value())).append(" |");
            }
            for (int i = 1; i < targets.size(); i++) {
                double other = results.get(targets.get(i)).get(row).value();
                double better = m.higherIsBetter() ? m.value() / other : other / m.value();
                out.append(Double.isFinite(better) && better > 0 ? String.format(" %.2f× |", better) : " — |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String format(double v) {
        return v >= 100 ? String.format("%,.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
