package coffer.storage.bench;

import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the engine benchmarks ({@code make bench-engine}) and prints one table with MiB/s for the large-object
 * benchmarks. Takes the usual JMH command line ({@code -wi 2 -i 5 -f 1 LargeObject ...}); whatever it leaves
 * unset gets short defaults (1 fork, 1 x 2 s warm-up, 3 x 3 s measurement) suited to a shared 2-core machine.
 */
public final class EngineBench {
    private EngineBench() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(EngineBench.class.getPackageName() + ".*Benchmark");
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(1);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(2));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(3);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(3));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println(table(results));
    }

    /** A Markdown table: benchmark, parameters, threads, ops/s with its error, and MiB/s where it applies. */
    static String table(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder(
                "| Benchmark | Parameters | Threads | ops/s | ± (99.9%) | MiB/s |\n|---|---|---:|---:|---:|---:|\n");
        results.stream()
                .sorted(Comparator.comparing(r -> r.getParams().getBenchmark()))
                .forEach(r -> {
                    var p = r.getParams();
                    Result<?> s = r.getPrimaryResult();
                    String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark()
                            .lastIndexOf('.') - 1) + 1);
                    String params = p.getParamsKeys().stream().map(k -> k + "=" + p.getParam(k))
                            .collect(Collectors.joining(", "));
                    String mib = p.getParam("sizeMiB") == null ? ""
                            : String.format("%.0f", s.getScore() * Integer.parseInt(p.getParam("sizeMiB")));
                    out.append(String.format("| %s | %s | %d | %.1f | %.1f | %s |%n", name, params, p.getThreads(),
                            s.getScore(), s.getScoreError(), mib));
                });
        return out.toString();
    }
}
