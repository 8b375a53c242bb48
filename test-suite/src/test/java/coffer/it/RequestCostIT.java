package coffer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.it.support.GatewayExtension;
import coffer.it.support.SqlTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What small requests cost the catalog, counted (not timed): the SQL statements, transaction commits (each an
 * InnoDB redo-log flush) and transaction bookkeeping statements that one request of each kind sends to MariaDB,
 * read from the server's general log. Each kind runs several times; the count seen most often is the request's
 * (a background task of the gateway may add to a single window). Prints the table of docs/benchmarks.md and holds
 * each request to its budget.
 */
class RequestCostIT {
    private static final int REPEATS = 9;
    private static final byte[] BODY = new byte[4096];
    @RegisterExtension
    static final GatewayExtension gateway = GatewayExtension.builder().build();
    static S3Client s3;

    /** One request kind's counts and the statements of one of its windows. */
    record Cost(String request, int statements, int commits, int control, List<String> sample) {
        int work() {
            return statements - control;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        s3 = gateway.s3WhenRequired();
        s3.createBucket(b -> b.bucket("cost"));
        for (int i = 0; i < 100; i++) {
            String key = "list/" + i;
            s3.putObject(b -> b.bucket("cost").key(key), RequestBody.fromBytes(BODY));
        }
        // warm-up: the pool opens its connections, the server its tables
        for (int i = 0; i < 20; i++) {
            String key = "warm/" + i;
            s3.putObject(b -> b.bucket("cost").key(key), RequestBody.fromBytes(BODY));
            s3.getObjectAsBytes(b -> b.bucket("cost").key(key));
            s3.deleteObject(b -> b.bucket("cost").key(key));
        }
    }

    @Test
    void catalogRoundTripsPerRequest() throws Exception {
        Map<String, Function<Integer, Object>> requests = new LinkedHashMap<>();
        requests.put("PutObject 4 KiB (new key)", i -> s3.putObject(b -> b.bucket("cost").key("k/" + i),
                RequestBody.fromBytes(BODY)));
        requests.put("PutObject 4 KiB (overwrite)", i -> s3.putObject(b -> b.bucket("cost").key("k/" + i),
                RequestBody.fromBytes(BODY)));
        requests.put("GetObject 4 KiB", i -> s3.getObjectAsBytes(b -> b.bucket("cost").key("k/" + i)));
        requests.put("HeadObject", i -> s3.headObject(b -> b.bucket("cost").key("k/" + i)));
        requests.put("ListObjectsV2 (100 keys)", i -> s3.listObjectsV2(b -> b.bucket("cost").prefix("list/")));
        requests.put("DeleteObject", i -> s3.deleteObject(b -> b.bucket("cost").key("k/" + i)));
        List<Cost> costs = new ArrayList<>();
        try (SqlTrace trace = new SqlTrace(gateway.jdbcUrl())) {
            for (var request : requests.values()) {
                for (int i = 0; i < REPEATS; i++) {
                    trace.mark();
                    request.apply(i);
                }
            }
            trace.mark();
            List<List<SqlTrace.Command>> windows = trace.windows();
            int w = 0;
            for (String name : requests.keySet()) {
                costs.add(modal(name, windows.subList(w, w + REPEATS)));
                w += REPEATS;
            }
        }
        print(costs);
        // Budgets (docs/benchmarks.md): one transaction per write, one statement per read; keys and buckets come
        // from the gateway's lookup cache.
        int[][] budget = {{5, 1}, {5, 1}, {1, 0}, {1, 0}, {1, 0}, {6, 1}};
        for (int i = 0; i < costs.size(); i++) {
            Cost c = costs.get(i);
            assertTrue(c.statements() <= budget[i][0] && c.commits() <= budget[i][1],
                    c.request() + " over budget: " + c.statements() + " statements, " + c.commits() + " commits: "
                            + String.join("; ", c.sample()));
        }
    }

    private static Cost modal(String request, List<List<SqlTrace.Command>> windows) {
        List<Cost> all = windows.stream().map(w -> new Cost(request,
                (int) w.stream().filter(SqlTrace.Command::isStatement).count(),
                (int) w.stream().filter(SqlTrace.Command::isCommit).count(),
                (int) w.stream().filter(c -> c.isStatement() && c.isSessionControl()).count(),
                w.stream().map(c -> c.type() + ": " + c.text()).toList())).toList();
        Map<List<Integer>, Long> counts = all.stream().collect(Collectors.groupingBy(
                c -> List.of(c.statements(), c.commits(), c.control()), Collectors.counting()));
        List<Integer> mode = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return all.stream().filter(c -> List.of(c.statements(), c.commits(), c.control()).equals(mode))
                .min(Comparator.comparingInt(Cost::statements)).orElseThrow();
    }

    private static void print(List<Cost> costs) {
        StringBuilder out = new StringBuilder("\n| Request | Statements | of which work | Commits |\n|---|---:|---:|---:|\n");
        for (Cost c : costs) {
            out.append("| ").append(c.request()).append(" | ").append(c.statements()).append(" | ")
                    .append(c.work()).append(" | ").append(c.commits()).append(" |\n");
        }
        for (Cost c : costs) {
            out.append("\n").append(c.request()).append(":\n");
            c.sample().forEach(s -> out.append("    ").append(s.length() > 160 ? s.substring(0, 160) + "..." : s)
                    .append('\n'));
        }
        System.out.println(out);
    }
}
