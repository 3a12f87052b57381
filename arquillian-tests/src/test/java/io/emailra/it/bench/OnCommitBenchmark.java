package io.emailra.it.bench;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.LogCapture;
import io.emailra.testsupport.MailServers;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A benchmark, not a test (failsafe runs it only when named: scripts/benchmarks.sh): what sending
 * adds to a business transaction with {@code IMMEDIATE} and with {@code ON_COMMIT}, at T = 1, 4 and
 * 16 threads, each transaction {@code begin; send one small message; commit} to Postfix (STARTTLS,
 * its discarding recipient), through two pools of 4 connections alike but for {@code deliveryMode};
 * and, for ON_COMMIT, the time from the commit's return to the server's acceptance (the courier's
 * FINE record). The modes alternate round by round; after each ON_COMMIT round the journal is
 * drained before the next round starts. The table goes to {@code on-commit-benchmark.md} beside the
 * file named by {@code emailra.bench.out}.
 */
@ExtendWith(ArquillianExtension.class)
class OnCommitBenchmark {

    private static final int[] THREADS = {1, 4, 16};
    private static final int ROUNDS = Integer.getInteger("emailra.bench.rounds", 5);
    private static final Duration ROUND = Duration.ofMillis(Integer.getInteger("emailra.bench.roundMillis", 3000));
    private static final String SINK = "sink@emailra.test";
    private static final String COURIER = "io.emailra.ra.outbox.Courier";

    @Deployment
    static WebArchive app() throws ClassNotFoundException {
        return ShrinkWrap.create(WebArchive.class, "on-commit-benchmark.war")
                .addClasses(OnCommitBenchmark.class, TestServers.class, Await.class, MailServers.class,
                        LogCapture.class, Class.forName(LogCapture.class.getName() + "$1"));
    }

    @Resource(lookup = TestServers.POSTFIX_SMTP_JNDI)
    SmtpClientFactory immediate;

    @Resource(lookup = TestServers.POSTFIX_ON_COMMIT_JNDI)
    SmtpClientFactory onCommit;

    @Resource
    UserTransaction transaction;

    @Resource
    ManagedExecutorService executor;

    /** One round's transactions: how long each took, and when each ON_COMMIT one's commit returned. */
    private record Round(List<Long> nanos, Map<String, Instant> committed) {
    }

    @Test
    void transactionTimeAndCommitToAcceptedLatency() throws Exception {
        Logger courier = Logger.getLogger(COURIER);
        Level level = courier.getLevel();
        courier.setLevel(Level.FINE);
        StringBuilder table = new StringBuilder("""
                ### ON_COMMIT against IMMEDIATE: a business transaction that sends one message (Postfix, STARTTLS, pools of 4)

                | T | IMMEDIATE tx/s | ON_COMMIT tx/s | ratio | IMMEDIATE tx p50 / p99 ms | ON_COMMIT tx p50 / p99 ms | ON_COMMIT commit → accepted p50 / p99 ms |
                |---|---|---|---|---|---|---|
                """);
        try (LogCapture accepted = LogCapture.of(COURIER)) {
            run(1, false, accepted); // warm-up, both modes
            run(1, true, accepted);
            for (int threads : THREADS) {
                List<Long> immediateNanos = new ArrayList<>();
                List<Long> onCommitNanos = new ArrayList<>();
                List<Long> toAccepted = new ArrayList<>();
                long immediateCount = 0;
                long onCommitCount = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    Round plain = run(threads, false, accepted);
                    immediateNanos.addAll(plain.nanos());
                    immediateCount += plain.nanos().size();
                    Round deferred = run(threads, true, accepted);
                    onCommitNanos.addAll(deferred.nanos());
                    onCommitCount += deferred.nanos().size();
                    toAccepted.addAll(latencies(deferred.committed(), accepted));
                }
                double seconds = ROUNDS * ROUND.toNanos() / 1e9;
                table.append(String.format("| %d | %.0f | %.0f | %.2f | %s | %s | %s |%n", threads,
                        immediateCount / seconds, onCommitCount / seconds, (double) onCommitCount / immediateCount,
                        percentiles(immediateNanos), percentiles(onCommitNanos), percentiles(toAccepted)));
            }
        } finally {
            courier.setLevel(level);
        }
        table.append("\n").append(ROUNDS).append(" rounds of ").append(ROUND.toMillis())
                .append(" ms per mode and T, alternating; tx/s over the rounds' time.\n");
        Path out = Path.of(System.getProperty("emailra.bench.out", "on-commit-benchmark.md")).resolveSibling("on-commit-benchmark.md");
        Files.writeString(out, table.toString());
        System.out.println(table);
    }

    /** T threads run transactions for one round; an ON_COMMIT round ends when the courier has sent them all. */
    private Round run(int threads, boolean deferred, LogCapture accepted) throws Exception {
        SmtpClientFactory factory = deferred ? onCommit : immediate;
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        Map<String, Instant> committed = new ConcurrentHashMap<>();
        long end = System.nanoTime() + ROUND.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(executor.submit(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    transaction.begin();
                    String messageId;
                    try (SmtpClient client = factory.getClient()) {
                        messageId = client.send(message());
                    } catch (RuntimeException e) {
                        transaction.rollback();
                        throw e;
                    }
                    transaction.commit();
                    nanos.add(System.nanoTime() - start);
                    if (deferred) {
                        committed.put(messageId, Instant.now());
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        if (deferred) {
            Await.until("the courier sent the round's " + committed.size() + " messages", Duration.ofMinutes(5),
                    () -> Optional.of(true).filter(x -> latencies(committed, accepted).size() == committed.size()));
        }
        return new Round(nanos, committed);
    }

    /** Commit-to-accepted times of the round's messages the courier reported accepted, in nanoseconds. */
    private static List<Long> latencies(Map<String, Instant> committed, LogCapture accepted) {
        List<Long> latencies = new ArrayList<>();
        for (LogRecord record : accepted.records()) {
            if (record.getLevel() == Level.FINE && record.getParameters() != null && record.getParameters().length == 2) {
                Instant commit = committed.get(String.valueOf(record.getParameters()[1]));
                if (commit != null) {
                    latencies.add(Duration.between(commit, record.getInstant()).toNanos());
                }
            }
        }
        return latencies;
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "–";
        }
        return String.format("%.1f / %.1f", sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6);
    }

    private static MimeMessage message() {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress("alice@emailra.test"));
            message.setRecipients(MimeMessage.RecipientType.TO, SINK);
            message.setSubject("on-commit benchmark");
            message.setText("a small message");
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
