package io.emailra.it.bench;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.inbound.MdbDescriptors;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import jakarta.annotation.Resource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not a test (failsafe runs it only when named: scripts/benchmarks.sh): how long mail
 * takes from its submission to Postfix (STARTTLS) to a message-driven bean's {@code onMail}, with
 * IDLE (dave's INBOX) and with polling every 2 s (bob's INBOX), 200 messages each, one at a time
 * (each sent once the one before arrived); then a burst of 1,000 messages to the IDLE bean, each of
 * which must arrive exactly once. The table goes
 * to the file named by {@code emailra.bench.out}.
 */
@ExtendWith(ArquillianExtension.class)
class InboundLatencyBenchmark {

    private static final int MESSAGES = 200;
    private static final int BURST = 1_000;
    private static final String IDLE_USER = "dave@emailra.test";
    private static final String POLL_USER = "bob@emailra.test";
    private static final String HANDLED = "bench-inbound-handled";

    @Deployment
    static WebArchive app() {
        return ShrinkWrap.create(WebArchive.class, "inbound-benchmark.war")
                .addClasses(InboundLatencyBenchmark.class, ArrivalRecorder.class, ArrivalRecorder.Idle.class,
                        ArrivalRecorder.Poll.class, TestServers.class, Await.class, MailServers.class, MdbDescriptors.class)
                .addAsWebInfResource(new StringAsset(ejbJar()), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(MdbDescriptors.glassfishEjbJar("Idle", "Poll")), "glassfish-ejb-jar.xml");
    }

    private static String ejbJar() {
        return MdbDescriptors.ejbJar(bean("Idle", IDLE_USER, "IDLE"), bean("Poll", POLL_USER, "POLL"));
    }

    private static String bean(String name, String user, String mode) {
        MailServers servers = MailServers.load();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("host", servers.host());
        config.put("port", String.valueOf(servers.port("imap")));
        config.put("trustStore", servers.trustStore());
        config.put("trustStorePassword", servers.trustStorePassword());
        config.put("userName", user);
        config.put("password", MailServers.password(user));
        config.put("receiveMode", mode);
        config.put("afterDelivery", "MOVE:" + HANDLED);
        return MdbDescriptors.bean(name, ArrivalRecorder.class.getName() + "$" + name, config);
    }

    @Resource(lookup = TestServers.POSTFIX_SMTP_JNDI)
    SmtpClientFactory smtp;

    @Test
    void latencyIdleAgainstPollingThenABurst() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Long> sentIdle = new LinkedHashMap<>();
        Map<String, Long> sentPoll = new LinkedHashMap<>();
        try (SmtpClient client = smtp.getClient()) {
            // Whatever the two INBOXes held before is delivered first: measure once it is gone.
            List<String> markers = List.of("drained " + run + " idle", "drained " + run + " poll");
            client.send(message(IDLE_USER, markers.get(0)));
            client.send(message(POLL_USER, markers.get(1)));
            awaitAll(markers, Duration.ofMinutes(5));
            // One message at a time, each sent when the one before has arrived: latency, not queueing.
            for (boolean idle : new boolean[]{true, false}) {
                for (int i = 0; i < MESSAGES; i++) {
                    String subject = "latency " + run + (idle ? " idle " : " poll ") + i;
                    client.send(message(idle ? IDLE_USER : POLL_USER, subject));
                    (idle ? sentIdle : sentPoll).put(subject, System.nanoTime());
                    awaitAll(List.of(subject), Duration.ofSeconds(30));
                }
            }
        }

        List<String> burst = new ArrayList<>();
        long burstStart = System.nanoTime();
        try (SmtpClient client = smtp.getClient()) {
            List<MimeMessage> batch = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                String subject = "burst " + run + " " + i;
                burst.add(subject);
                batch.add(message(IDLE_USER, subject));
                if (batch.size() == 100) {
                    client.send(batch);
                    batch.clear();
                }
            }
        }
        long burstSent = System.nanoTime();
        awaitAll(burst, Duration.ofMinutes(5));
        long burstEnd = burst.stream().mapToLong(ArrivalRecorder.ARRIVED::get).max().orElseThrow();
        long twice = burst.stream().filter(s -> ArrivalRecorder.DELIVERIES.get(s).get() != 1).count();
        assertEquals(0, twice, "every message of the burst delivered exactly once");

        double[] idle = latencies(sentIdle);
        double[] poll = latencies(sentPoll);
        String table = String.join("\n",
                "## Inbound: submission to onMail (in-container, " + Instant.now() + ")",
                "",
                String.format(Locale.ROOT, "%d messages per mode, each sent through Postfix (STARTTLS) once the one "
                        + "before arrived, delivered by Postfix into Dovecot, received by a message-driven bean; from the "
                        + "submission's end to onMail.", MESSAGES),
                "",
                "| mode | p50, ms | p99, ms | max, ms |",
                "|---|---:|---:|---:|",
                row("IDLE (dave's INBOX)", idle),
                row("POLL every 2 s (bob's INBOX)", poll),
                "",
                String.format(Locale.ROOT, "Burst: %d messages sent in %.1f s (batches of 100); all delivered once, the "
                                + "last %.1f s after the first was sent: %.0f messages/s through one activation.", BURST,
                        (burstSent - burstStart) / 1e9, (burstEnd - burstStart) / 1e9, BURST / ((burstEnd - burstStart) / 1e9)),
                "");
        Path out = Path.of(System.getProperty("emailra.bench.out", "inbound-benchmark.md")).resolveSibling("inbound-benchmark.md");
        Files.writeString(out, table);
        System.out.println(table);
    }

    private static MimeMessage message(String to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("alice@emailra.test"));
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject(subject);
        message.setText("x");
        return message;
    }

    private static void awaitAll(Collection<String> subjects, Duration limit) {
        Await.until(subjects.size() + " messages at the beans", limit,
                () -> subjects.stream().allMatch(ArrivalRecorder.ARRIVED::containsKey) ? Optional.of(true) : Optional.empty());
    }

    private static double[] latencies(Map<String, Long> sent) {
        return sent.entrySet().stream().mapToDouble(e -> (ArrivalRecorder.ARRIVED.get(e.getKey()) - e.getValue()) / 1e6)
                .sorted().toArray();
    }

    private static String row(String mode, double[] sorted) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |", mode, percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
