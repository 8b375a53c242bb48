package coffer.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole-gateway load over HTTP with the AWS SDK v2, against any S3 endpoints, one after the other (never at the
 * same time: they share the machine). Prints one Markdown table with a column per target and, with two or more
 * targets, the ratio of the first to each other one ("x better": above 1 means the first target is better, for
 * rates and for times alike). {@code make bench} runs it against Coffer and s3proxy; docs/benchmarks.md.
 */
public final class LoadTool {
    private LoadTool() {
    }

    public static void main(String[] args) throws Exception {
        LoadSettings settings;
        try {
            settings = LoadSettings.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Map<BenchTarget, List<Metric>> results = new LinkedHashMap<>();
        for (BenchTarget target : settings.targets()) {
            System.err.println("[bench] measuring " + target);
            results.put(target, new TargetRun(target, settings).run());
        }
        System.out.println(table(results, settings));
    }

    static String table(Map<BenchTarget, List<Metric>> results, LoadSettings settings) {
        List<BenchTarget> targets = new ArrayList<>(results.keySet());
        StringBuilder out = new StringBuilder(String.format("%n%d client threads, JDK %s, %d cores%n%n",
                settings.threads(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors()));
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
                out.append(String.format(" %.2f× |", better));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String format(double v) {
        return v >= 100 ? String.format("%,.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
    }
}
