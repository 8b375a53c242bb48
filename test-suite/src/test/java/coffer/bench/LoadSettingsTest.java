package coffer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load tool's options, a split target, the median of rounds and the /proc readings (no server, no timing). */
class LoadSettingsTest {
    @Test
    void aTargetWithSeveralEndpointsAndProcessesToWatch() {
        LoadSettings s = LoadSettings.parse(new String[] {"--large-count", "8", "--rounds", "3",
            "--target", "two=http://127.0.0.1:9000+http://127.0.0.1:9100,AK,SK", "--cpu", "store=12+13",
            "--large-count", "4", "--small-ops", "put,get"}, Map.of());
        BenchTarget t = s.targets().get(0);
        assertEquals(List.of(URI.create("http://127.0.0.1:9000"), URI.create("http://127.0.0.1:9100")),
                t.endpoints());
        assertEquals(Map.of("store", List.of(12L, 13L)), t.processes());
        assertEquals(4, s.largeCount(), "a later option overrides an earlier one");
        assertEquals(3, s.rounds());
        assertEquals(List.of("PUT", "GET"), s.smallOps());
        assertEquals(1, s.largeThreads());
        assertEquals("two[http://127.0.0.1:9000, http://127.0.0.1:9100]", t.toString(), "no secret");
        assertThrows(IllegalArgumentException.class,
                () -> LoadSettings.parse(new String[] {"--rounds", "0"}, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LoadSettings.parse(new String[] {"--cpu", "12"}, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> LoadSettings.parse(new String[] {"--small-ops", "put,head"}, Map.of()));
    }

    @Test
    void theTableShowsTheMedianOfTheRounds() {
        List<List<Metric>> rounds = List.of(
                List.of(new Metric("PUT", "ops/s", 100, true), new Metric("p50", "ms", 4, false)),
                List.of(new Metric("PUT", "ops/s", 300, true), new Metric("p50", "ms", 2, false)),
                List.of(new Metric("PUT", "ops/s", 200, true), new Metric("p50", "ms", 9, false)));
        List<Metric> medians = LoadTool.medians(rounds);
        assertEquals(200, medians.get(0).value());
        assertEquals(4, medians.get(1).value());
        assertEquals(250, LoadTool.medians(rounds.subList(1, 3)).get(0).value());
    }

    @Test
    void cpuTimesComeFromProc() {
        long[] machine = ServerCpu.machineTicks();
        assertTrue(machine[1] > 0 && machine[0] <= machine[1], "busy and total ticks of the machine");
        assertTrue(ServerCpu.processTicks(ProcessHandle.current().pid()) > 0, "this JVM has used CPU");
        assertEquals(0, ServerCpu.processTicks(-1), "a process that is not there counts 0");
    }
}
