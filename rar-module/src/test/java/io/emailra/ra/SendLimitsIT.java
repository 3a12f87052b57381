package io.emailra.ra;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.Crowd;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.PostfixLog;
import io.emailra.testsupport.TcpProxy;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider limits against the real Postfix, on its plain port through a proxy: each connection
 * is counted twice, as the sessions Postfix's log shows carrying the test's messages and as the
 * EHLOs that went through the proxy. Mail goes from carol to Postfix's discarding recipient (sink@),
 * which takes it like a mailbox and keeps nothing.
 */
class SendLimitsIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static final Pattern EHLO = Pattern.compile("(?m)^EHLO ");
    private static final Duration LOGGED = Duration.ofSeconds(60);
    private static TcpProxy proxy;

    private final String carol = SERVERS.users().get(2);
    private final String sink = "sink@" + carol.substring(carol.indexOf('@') + 1);
    private SmtpManagedConnectionFactory managed;
    private NonManagedConnectionManager pool;

    @BeforeAll
    static void proxy() throws IOException {
        proxy = new TcpProxy(13025, SERVERS.port("plainSmtp"));
    }

    @AfterAll
    static void closeProxy() {
        proxy.close();
    }

    @AfterEach
    void backToIdle() {
        assertEquals(0, pool.activeCount(), "connections left in use");
    }

    private SmtpClientFactory smtp(int connections, Consumer<SmtpManagedConnectionFactory> limits) {
        managed = RealServerFactories.configure(SERVERS, new SmtpManagedConnectionFactory(), "plainSmtp", "NONE", carol);
        managed.setPort(proxy.port());
        limits.accept(managed);
        pool = POOLS.pool(managed, connections);
        return POOLS.clientFactory(managed, pool);
    }

    private List<MimeMessage> messages(String run, int count) {
        return IntStream.range(0, count).mapToObj(i -> message(carol, sink, run + " #" + i, "limits")).toList();
    }

    private static long sessionsThroughProxy() {
        return EHLO.matcher(proxy.requests()).results().count();
    }

    @Test
    void aBatchOfAThousandAtTenMessagesPerConnectionTakesAHundredConnectionsOneAtATime() throws IOException {
        SmtpClientFactory smtp = smtp(1, limits -> limits.setMaxMessagesPerConnection(10));
        PostfixLog log = PostfixLog.fromNow(SERVERS);
        proxy.recordRequests();
        List<String> sent;
        try (SmtpClient client = smtp.getClient()) {
            sent = client.send(messages("per connection " + UUID.randomUUID(), 1_000));
        }
        Map<String, Integer> sessions = log.sessionsCarrying(sent, LOGGED);
        System.out.printf("maxMessagesPerConnection=10, 1000 messages: %d Postfix sessions carried them, %d EHLOs"
                + " through the proxy, %d 'connect from' lines on Postfix's plain port in the window%n",
                sessions.size(), sessionsThroughProxy(), log.connects("plain"));
        assertEquals(100, sessions.size(), "sessions in Postfix's log");
        assertTrue(sessions.values().stream().allMatch(carried -> carried == 10), sessions.toString());
        assertEquals(100, sessionsThroughProxy(), "connections through the proxy");
        assertTrue(log.connects("plain") >= 100);
        assertEquals(1, managed.openConnections(carol), "one physical connection, counted once, replaced 99 times");
    }

    @Test
    void aConnectionOlderThanMaxConnectionAgeMillisIsReplacedBeforeItsNextMessage() throws IOException {
        int maxAgeMillis = 2_000;
        SmtpClientFactory smtp = smtp(1, limits -> limits.setMaxConnectionAgeMillis(maxAgeMillis));
        PostfixLog log = PostfixLog.fromNow(SERVERS);
        proxy.recordRequests();
        List<String> sent = new ArrayList<>();
        try (SmtpClient client = smtp.getClient()) {
            sent.addAll(client.send(messages("young " + UUID.randomUUID(), 5)));
            long lastSent = System.nanoTime();
            assertEquals(1, sessionsThroughProxy(), "five messages in a row on one young connection");
            Await.until("the connection is older than " + maxAgeMillis + " ms", Duration.ofSeconds(10),
                    () -> System.nanoTime() - lastSent > TimeUnit.MILLISECONDS.toNanos(maxAgeMillis)
                            ? Optional.of(true) : Optional.empty());
            sent.add(client.send(message(carol, sink, "old " + UUID.randomUUID(), "limits")));
        }
        assertEquals(2, sessionsThroughProxy(), "replaced before its next message");
        assertEquals(List.of(1, 5), log.sessionsCarrying(sent, LOGGED).values().stream().sorted().toList(),
                "Postfix's sessions and the messages they carried");
        assertEquals(1, managed.openConnections(carol), "counted once");
    }

    /**
     * With XOAUTH2 a replacement signs on as the first connection did: the provider is asked for a
     * token again (the first may have expired), and for a fresh one once if the server refuses it.
     */
    @Test
    void aReplacementSignsOnWithATokenTheProviderGivesThen() throws IOException {
        try (IntrospectionServer introspection = IntrospectionServer.start(SERVERS.port("oauth2Introspection"))) {
            introspection.activate("first", carol);
            introspection.activate("fresh", carol);
            RecordingTokenProvider.handOut("first", "expired", "fresh");
            SmtpClientFactory smtp = smtp(1, limits -> {
                limits.setMaxMessagesPerConnection(1);
                limits.setPassword(null);
                limits.setOauth2TokenProvider(RecordingTokenProvider.class.getName());
            });
            PostfixLog log = PostfixLog.fromNow(SERVERS);
            proxy.recordRequests();
            List<String> sent;
            try (SmtpClient client = smtp.getClient()) {
                sent = client.send(messages("xoauth2 " + UUID.randomUUID(), 2));
            }
            assertEquals(List.of(carol + ":false", carol + ":false", carol + ":true"), RecordingTokenProvider.calls());
            assertEquals(3, sessionsThroughProxy(), "the first connection, the refused sign-on, its retry");
            assertEquals(List.of(1, 1), log.sessionsCarrying(sent, LOGGED).values().stream().toList());
            assertEquals(1, managed.openConnections(carol));
        }
    }

    @Test
    void fiftyMessagesPerSecondHoldWithinTenPercentOverTwentySecondsForFourConnectionsTogether() throws Exception {
        int perSecond = 50;
        long window = TimeUnit.SECONDS.toNanos(20);
        SmtpClientFactory smtp = smtp(4, limits -> limits.setMaxMessagesPerSecond(perSecond));
        // The window opens with the first acceptance: the four sign-ons before it are not sending.
        List<Long> acceptedAt = Collections.synchronizedList(new ArrayList<>());
        AtomicLong windowOpened = new AtomicLong();
        String run = "rate " + UUID.randomUUID();
        Crowd.Outcome outcome = Crowd.run(4, Duration.ofSeconds(60), thread -> {
            try (SmtpClient client = smtp.getClient()) {
                for (int i = 0; acceptedAt.isEmpty() || System.nanoTime() - windowOpened.get() < window; i++) {
                    client.send(message(carol, sink, run + " " + thread + "-" + i, "limits"));
                    long now = System.nanoTime();
                    windowOpened.compareAndSet(0, now);
                    acceptedAt.add(now - windowOpened.get());
                }
            }
        });
        assertEquals(List.of(), outcome.failures());
        List<Long> inWindow = acceptedAt.stream().filter(at -> at < window).sorted().toList();
        double rate = inWindow.size() / 20.0;
        System.out.printf("maxMessagesPerSecond=%d, 4 threads on %d connections: %d messages accepted in 20 s = %.2f/s;"
                + " most in any one second: %d%n", perSecond, managed.openConnections(carol), inWindow.size(), rate,
                mostInOneSecond(inWindow));
        assertTrue(rate >= perSecond * 0.9 && rate <= perSecond * 1.1, "achieved " + rate + " per second");
        assertTrue(managed.openConnections(carol) > 1, "the pace is the factory's, shared by its connections");
    }

    /** The most acceptances within any one second, sliding. */
    private static int mostInOneSecond(List<Long> sortedNanos) {
        int most = 0;
        for (int first = 0, last = 0; last < sortedNanos.size(); last++) {
            while (sortedNanos.get(last) - sortedNanos.get(first) >= TimeUnit.SECONDS.toNanos(1)) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }
}
