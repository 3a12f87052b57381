package io.emailra.it.bench;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not a test (failsafe runs it only when named: scripts/benchmarks.sh): the cost of
 * one allocate/close cycle through Payara's connection pool, in the server, for emailra's clients
 * and, as the baseline in the same rounds, for a JDBC connection of Payara's own H2 pool. Rounds
 * alternate the contenders; the table goes to the file named by {@code emailra.bench.out}.
 */
@ExtendWith(ArquillianExtension.class)
class PoolCycleBenchmark {

    private static final int WARM_UP_ROUNDS = 2;
    private static final int ROUNDS = 7;
    private static final int CYCLES = 20_000;

    @Deployment
    static WebArchive app() {
        return ShrinkWrap.create(WebArchive.class, "pool-cycle-benchmark.war")
                .addClasses(PoolCycleBenchmark.class, Cycle.class, Pools.class, TestServers.class);
    }

    @Resource(lookup = TestServers.IMAP_JNDI)
    ImapClientFactory imap;

    @Resource(lookup = TestServers.SMTP_JNDI)
    SmtpClientFactory smtp;

    @Resource(lookup = "jdbc/__default")
    DataSource jdbc;

    /** One allocate/close cycle. */
    @FunctionalInterface
    interface Cycle {
        void run() throws Exception;
    }

    @Test
    void allocateAndCloseThroughPayarasPool() throws Exception {
        String baseline = "JDBC: getConnection + close (H2, jdbc/__default)";
        Map<String, Cycle> contenders = new LinkedHashMap<>();
        contenders.put(baseline, () -> {
            try (Connection connection = jdbc.getConnection()) {
                connection.getAutoCommit();
            }
        });
        contenders.put("emailra IMAP: getClient(USE_MAIN) + close", () -> imap.getClient(AllocationMode.USE_MAIN).close());
        contenders.put("emailra SMTP: getClient(USE_MAIN) + close", () -> smtp.getClient(AllocationMode.USE_MAIN).close());
        contenders.put("emailra IMAP: getClient(USE_DEFAULT) + currentConnection + close", () -> {
            try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT)) {
                client.currentConnection();
            }
        });
        List<String> names = new ArrayList<>(contenders.keySet());
        Map<String, List<Double>> nanos = new LinkedHashMap<>();
        names.forEach(name -> nanos.put(name, new ArrayList<>()));
        for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((round + turn) % names.size());
                double perCycle = nanosPerCycle(contenders.get(name));
                if (round >= WARM_UP_ROUNDS) {
                    nanos.get(name).add(perCycle);
                }
            }
        }
        report(nanos, baseline);
        assertEquals(0, Pools.inUse(TestServers.IMAP_POOL), "IMAP connections left in use");
        assertEquals(0, Pools.inUse(TestServers.SMTP_POOL), "SMTP connections left in use");
    }

    private static double nanosPerCycle(Cycle cycle) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle.run();
        }
        return (System.nanoTime() - start) / (double) CYCLES;
    }

    private static void report(Map<String, List<Double>> nanos, String baseline) throws IOException {
        StringBuilder table = new StringBuilder()
                .append("| cycle | µs per cycle, median | min–max | time relative to JDBC, median of rounds |\n")
                .append("|---|---:|---:|---:|\n");
        List<Double> reference = nanos.get(baseline);
        nanos.forEach((name, values) -> {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] ratios = new double[values.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = values.get(i) / reference.get(i);
            }
            Arrays.sort(ratios);
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %.2f |%n", name,
                    sorted[sorted.length / 2] / 1000, sorted[0] / 1000, sorted[sorted.length - 1] / 1000,
                    ratios[ratios.length / 2]));
        });
        System.out.println(table);
        Path out = Path.of(System.getProperty("emailra.bench.out", "target/in-container-benchmark.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
    }
}
