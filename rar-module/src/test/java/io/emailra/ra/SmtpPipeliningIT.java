package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailBatchInterruptedException;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailOutcomeUnknownException;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.EmailSendException;
import io.emailra.api.SendResult;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.PostfixLog;
import io.emailra.testsupport.TcpProxy;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PIPELINING and CHUNKING against the real Postfix on its plain ports, through a proxy that shows the
 * commands: with CHUNKING (port plainSmtp) and without it (plainSmtpData, Postfix told to discard the
 * keyword: PIPELINING with DATA); GreenMail, which offers neither, gets Angus's dialogue in the other
 * tests. What Postfix accepted is read from its log, each Message-ID counted.
 */
class SmtpPipeliningIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static final Duration LOGGED = Duration.ofSeconds(60);
    private static TcpProxy chunking;
    private static TcpProxy dataOnly;

    private final String carol = SERVERS.users().get(2);
    private final String domain = carol.substring(carol.indexOf('@') + 1);
    private final String sink = "sink@" + domain;
    private final String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    private NonManagedConnectionManager pool;

    @BeforeAll
    static void proxies() throws IOException {
        chunking = new TcpProxy(13035, SERVERS.port("plainSmtp"));
        dataOnly = new TcpProxy(13036, SERVERS.port("plainSmtpData"));
    }

    @AfterAll
    static void closeProxies() {
        chunking.close();
        dataOnly.close();
    }

    @AfterEach
    void backToIdle() {
        assertEquals(0, pool.activeCount(), "connections left in use");
    }

    private SmtpClientFactory smtp(TcpProxy through, Consumer<SmtpManagedConnectionFactory> settings) {
        SmtpManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new SmtpManagedConnectionFactory(),
                "plainSmtp", "NONE", carol);
        managed.setPort(through.port());
        settings.accept(managed);
        pool = POOLS.pool(managed, 2);
        return POOLS.clientFactory(managed, pool);
    }

    private static TcpProxy proxy(String name) {
        return name.equals("chunking") ? chunking : dataOnly;
    }

    /** Messages with Message-IDs of the test's own, so that Postfix's log can be asked about each. */
    private List<MimeMessage> batch(String run, int count, String to) {
        return IntStream.range(0, count).mapToObj(i -> {
            MimeMessage message = message(carol, to, run + String.format(" #%03d", i), "pipelined " + i);
            try {
                message.setHeader("Message-ID", messageId(run, i));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
            return message;
        }).toList();
    }

    private static String messageId(String run, int index) {
        return "<" + run + "." + index + "@pipelining.test>";
    }

    private static long count(String text, String pattern) {
        return Pattern.compile(pattern).matcher(text).results().count();
    }

    private static void awaitAccepted(PostfixLog log, List<String> messageIds) {
        Await.until("Postfix logged " + messageIds.size() + " messages", LOGGED, () ->
                messageIds.stream().allMatch(id -> log.accepted(id) == 1) ? Optional.of(true) : Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunking", "dataOnly"})
    void aBatchGoesAsGroupsInWindowsAndPostfixTakesEveryMessageOnce(String server) {
        TcpProxy proxy = proxy(server);
        SmtpClientFactory smtp = smtp(proxy, settings -> settings.setMaxMessagesInFlight(7));
        String run = "window-" + UUID.randomUUID();
        PostfixLog log = PostfixLog.fromNow(SERVERS);
        proxy.recordRequests();
        List<String> sent;
        try (SmtpClient client = smtp.getClient()) {
            sent = client.send(batch(run, 100, sink));
        }
        assertEquals(IntStream.range(0, 100).mapToObj(i -> messageId(run, i)).toList(), sent);
        awaitAccepted(log, sent);
        String requests = proxy.requests();
        assertEquals(100, count(requests, "(?m)^MAIL FROM:"));
        assertEquals(server.equals("chunking") ? 100 : 0, count(requests, "(?m)^BDAT \\d+ LAST$"), "BDAT");
        assertEquals(server.equals("chunking") ? 0 : 100, count(requests, "(?m)^DATA$"), "DATA");
    }

    /** With DATA the text is dot-stuffed; with BDAT it goes as it is: either way the line arrives unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {"chunking", "dataOnly"})
    void aLineStartingWithADotArrivesUnchanged(String server) {
        SmtpClientFactory smtp = smtp(proxy(server), settings -> { });
        String line = ".starts with a dot " + UUID.randomUUID();
        try (SmtpClient client = smtp.getClient()) {
            client.send(message(carol, carol, "dots", "before\n" + line + "\n.\nafter"));
        }
        Await.until("delivered", LOGGED, () -> SERVERS.messagesHolding(carol, "\n" + line) == 1
                ? Optional.of(true) : Optional.empty());
        assertEquals(0, SERVERS.messagesHolding(carol, "\n." + line), "no dot added");
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunking", "dataOnly"})
    void aRefusedRecipientInAPipelinedGroupFailsOnlyThatRecipientOrThatMessage(String server) {
        SmtpClientFactory smtp = smtp(proxy(server), settings -> { });
        String run = "refused-" + UUID.randomUUID();
        PostfixLog log = PostfixLog.fromNow(SERVERS);
        List<MimeMessage> messages = List.of(batch(run, 1, sink).get(0), batch(run, 2, sink + ", " + nobody).get(1),
                batch(run, 3, nobody).get(2), batch(run, 4, sink).get(3));
        EmailSendException refused;
        try (SmtpClient client = smtp.getClient()) {
            refused = assertThrows(EmailSendException.class, () -> client.send(messages));
        }
        List<SendResult> results = refused.results();
        assertTrue(results.get(0).sent() && results.get(3).sent(), results.toString());
        SendResult partly = results.get(1);
        assertEquals(messageId(run, 1), partly.messageId(), "it went to the accepted recipient");
        assertEquals(List.of(sink), partly.recipients().stream().filter(r -> r.accepted()).map(r -> r.address()).toList());
        assertEquals(550, partly.refused().get(0).replyCode());
        assertTrue(partly.failure().getMessage().contains(nobody), partly.failure().getMessage());
        SendResult none = results.get(2);
        assertNull(none.messageId(), "every recipient refused: not sent");
        assertTrue(none.failure().getMessage().contains("refused every recipient"), none.failure().getMessage());
        awaitAccepted(log, List.of(messageId(run, 0), messageId(run, 1), messageId(run, 3)));
        assertEquals(0, log.accepted(messageId(run, 2)));
    }

    /**
     * A cut in the middle of a pipelined batch: the proxy stops reading the client at message #30, so
     * Postfix takes those before it, answers them, and never gets the rest whole; then the connection is
     * cut. The batch's report matches Postfix's log exactly for what it says was sent and not sent, and
     * sending the "not sent" ones again makes no copy.
     */
    @Test
    void aCutInTheMiddleOfAPipelinedBatchReportsWhatPostfixTookAndARetryMakesNoCopy() throws Exception {
        SmtpClientFactory smtp = smtp(chunking, settings -> { });
        String run = "cut-" + UUID.randomUUID();
        List<MimeMessage> messages = batch(run, 60, sink);
        List<String> ids = IntStream.range(0, 60).mapToObj(i -> messageId(run, i)).toList();
        PostfixLog log = PostfixLog.fromNow(SERVERS);
        chunking.stallClientAt(run + " #030");
        SmtpClient client = smtp.getClient(AllocationMode.USE_MAIN);
        FutureTask<List<String>> sending = new FutureTask<>(() -> client.send(messages));
        Thread sender = new Thread(sending, "pipelined batch");
        sender.setDaemon(true);
        sender.start();
        awaitAccepted(log, ids.subList(0, 30));
        assertTrue(chunking.cutAll() > 0);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> sending.get(30, TimeUnit.SECONDS));
        EmailBatchInterruptedException interrupted = assertInstanceOf(EmailBatchInterruptedException.class,
                failed.getCause());
        client.close();
        List<SendResult> results = interrupted.results();
        assertEquals(60, results.size());
        List<SendResult> sent = results.stream().filter(r -> r.messageId() != null).toList();
        List<SendResult> unknown = results.stream().filter(r -> r.failure() instanceof EmailOutcomeUnknownException).toList();
        List<SendResult> notSent = results.stream().filter(r -> r.failure() instanceof EmailConnectionException).toList();
        System.out.printf("cut at message #30 of 60: %d reported sent, %d outcome unknown, %d not sent%n",
                sent.size(), unknown.size(), notSent.size());
        assertEquals(60, sent.size() + unknown.size() + notSent.size(), interrupted.getMessage());
        assertTrue(sent.size() >= 1 && notSent.size() >= 1, interrupted.getMessage());
        awaitAccepted(log, sent.stream().map(SendResult::messageId).toList()); // each once: "reported sent" is true
        notSent.forEach(result -> assertEquals(0, log.accepted(ids.get(result.index())), "reported not sent: " + result));
        unknown.forEach(result -> assertTrue(log.accepted(ids.get(result.index())) <= 1, result.toString()));
        IntStream.range(0, 30).forEach(i -> assertTrue(results.get(i).messageId() != null
                        || results.get(i).failure() instanceof EmailOutcomeUnknownException,
                "#" + i + " was accepted by Postfix: sent or unknown, never 'not sent'"));

        assertEquals(0, pool.idleCount() + pool.activeCount(), "the cut connection was evicted (R13)");
        try (SmtpClient again = smtp.getClient()) {
            again.send(notSent.stream().map(result -> messages.get(result.index())).toList());
        }
        awaitAccepted(log, notSent.stream().map(result -> ids.get(result.index())).toList());
        ids.forEach(id -> assertTrue(log.accepted(id) <= 1, "no copy of " + id));
    }

    @Test
    void withPipeliningOffTheConnectionSpeaksOneCommandAtATime() {
        SmtpClientFactory smtp = smtp(chunking, settings -> settings.setPipelining(false));
        chunking.recordRequests();
        try (SmtpClient client = smtp.getClient()) {
            client.send(batch("off-" + UUID.randomUUID(), 3, sink));
        }
        String requests = chunking.requests();
        assertEquals(3, count(requests, "(?m)^DATA$"));
        assertEquals(0, count(requests, "(?m)^BDAT "));
    }

    @Test
    void aSenderPostfixRefusesFailsItsMessageAndTheNextGoes() throws MessagingException {
        SmtpClientFactory smtp = smtp(chunking, settings -> { });
        String run = "sender-" + UUID.randomUUID();
        List<MimeMessage> messages = batch(run, 2, sink);
        SMTPMessage badSender = new SMTPMessage(messages.get(0));
        badSender.setEnvelopeFrom("not an address");
        PostfixLog log = PostfixLog.fromNow(SERVERS);
        try (SmtpClient client = smtp.getClient()) {
            EmailSendException refused = assertThrows(EmailSendException.class,
                    () -> client.send(List.of(badSender, messages.get(1))));
            EmailProtocolException sender = assertInstanceOf(EmailProtocolException.class,
                    refused.results().get(0).failure());
            assertEquals(501, sender.replyCode(), sender.getMessage());
            assertTrue(refused.results().get(1).sent(), refused.results().toString());
        }
        awaitAccepted(log, List.of(messageId(run, 1)));
        assertEquals(0, log.accepted(messageId(run, 0)));
    }
}
