package io.emailra.it;

import io.emailra.api.EmailProtocolException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.EmailraMBeans;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emailra-microprofile jar in an application: Payara's {@code /health/ready} is UP while Dovecot
 * answers, DOWN naming the factory and the reason within a cache period after Dovecot stops, UP again
 * after it starts, and a stalled server never makes the probe wait longer than its time limit;
 * {@code /metrics} shows the messages sent and the operations refused as the test made them.
 */
@ExtendWith(ArquillianExtension.class)
class MicroProfileIT {

    private static final Duration TIMEOUT = Duration.ofMillis(2000);
    private static final Duration CACHE = Duration.ofMillis(1000);
    private static final Duration CHANGE_SEEN = CACHE.plus(TIMEOUT).plusSeconds(10);
    private static final String SMTP_SERVER = "smtp://127.0.0.1:" + MailServers.load().port("submission") + " as alice@emailra.test";
    private static final String READINESS_SERVER = "imap://127.0.0.1:" + TestServers.READINESS_DOVECOT_PORT + " as bob@emailra.test";
    private static TcpProxy proxy;

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("microprofile", MicroProfileIT.class)
                .addAsLibrary(new File(System.getProperty("emailra.it.microprofile")))
                .addAsResource(new StringAsset("emailra.health.factories=" + TestServers.READINESS_DOVECOT_JNDI + "\n"
                        + "emailra.health.timeoutMillis=" + TIMEOUT.toMillis() + "\n"
                        + "emailra.health.cacheMillis=" + CACHE.toMillis() + "\n"
                        + "emailra.metrics.scanMillis=500\n"), "META-INF/microprofile-config.properties");
    }

    @BeforeEach
    void proxyInFrontOfDovecot() throws IOException {
        synchronized (MicroProfileIT.class) {
            if (proxy == null) {
                proxy = new TcpProxy(TestServers.READINESS_DOVECOT_PORT, MailServers.load().port("imap"));
            }
        }
    }

    @AfterEach
    void healedAndNothingInUse() {
        proxy.stall(false);
        MailServers.load().startAll();
        // A probe left waiting on a stalled server ends at the pool's read time limit (3 s).
        Await.until("no connection in use, in Payara's pool and in emailra's JMX view", Duration.ofSeconds(30),
                () -> Pools.inUse(TestServers.READINESS_DOVECOT_POOL) == 0 && EmailraMBeans.sum("PhysicalConnectionsInUse") == 0
                        ? Optional.of(true) : Optional.empty());
    }

    @Test
    void readyWhileDovecotAnswersDownWhileItIsStoppedReadyAgainAfter() {
        awaitReadiness(200, "\"UP\"");
        MailServers.load().stop("dovecot");
        String down = awaitReadiness(503, "DOWN: ");
        assertTrue(down.contains(TestServers.READINESS_DOVECOT_JNDI), down);
        assertTrue(down.contains("127.0.0.1:" + TestServers.READINESS_DOVECOT_PORT), "names the server: " + down);
        MailServers.load().startAll();
        awaitReadiness(200, "\"UP\"");
    }

    @Test
    void aStalledServerNeverMakesTheProbeWaitLongerThanItsLimit() {
        awaitReadiness(200, "\"UP\"");
        proxy.stall(true);
        Await.until("the cached answer expired", CHANGE_SEEN, () -> {
            long start = System.nanoTime();
            HttpResponse<String> response = ready();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // The limit plus the HTTP round trip on a busy machine: far from the 30 s a stalled read would take.
            assertTrue(took.compareTo(TIMEOUT.plusSeconds(3)) < 0, "a probe took " + took.toMillis() + " ms");
            return response.statusCode() == 503 ? Optional.of(response.body()) : Optional.empty();
        });
        String down = ready().body();
        assertTrue(down.contains("DOWN: "), down);
    }

    @Resource(lookup = TestServers.POSTFIX_SMTP_JNDI)
    SmtpClientFactory smtp;

    @Resource(lookup = TestServers.READINESS_DOVECOT_JNDI)
    ImapClientFactory imap;

    @Test
    void metricsCountTheMessagesSentAndTheOperationsRefused() {
        try (SmtpClient client = smtp.getClient(); ImapClient reader = imap.getClient()) {
            client.noop();
            reader.noop(); // both factories made, so in JMX; in the metrics after the next scan
            List<String> servers = List.of(SMTP_SERVER, READINESS_SERVER);
            Await.until("the test's factories in the metrics", CHANGE_SEEN, () ->
                    metricLines("emailra_messages_sent").size() == EmailraMBeans.count(servers) ? Optional.of(true)
                            : Optional.empty());
            double sent = metric("emailra_messages_sent");
            double refused = metric("emailra_operations_refused");
            for (int i = 0; i < 3; i++) {
                client.send(Mail.message("bob@emailra.test", "metrics " + i, "x"));
            }
            assertThrows(EmailProtocolException.class, () -> reader.selectFolder("no such folder " + UUID.randomUUID()));
            assertEquals(sent + 3, metric("emailra_messages_sent"), "three messages sent");
            assertEquals(refused + 1, metric("emailra_operations_refused"), "one operation refused");
        }
    }

    /** A gauge summed over the test's factories in the application's metrics. */
    private static double metric(String name) {
        return metricLines(name).stream().mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The gauge's lines of the test's factories in Payara's Prometheus text, one per factory. */
    private static List<String> metricLines(String name) {
        return get("http://localhost:8181/metrics?scope=application").body().lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> line.contains("server=\"" + SMTP_SERVER + "\"") || line.contains("server=\"" + READINESS_SERVER + "\""))
                .toList();
    }

    private static String awaitReadiness(int status, String text) {
        return Await.until("/health/ready answers " + status + " with " + text, CHANGE_SEEN, () -> {
            HttpResponse<String> response = ready();
            return response.statusCode() == status && response.body().contains(text) ? Optional.of(response.body())
                    : Optional.empty();
        });
    }

    private static HttpResponse<String> ready() {
        return get("http://localhost:8181/health/ready");
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
