package io.emailra.ra;

import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.EmailSendException;
import io.emailra.api.SendResult;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replies that throttle a connection, from a fake SMTP server that sends them on cue: a 450/451/452
 * with status 4.7.x is a transient refusal and the next message goes on a new connection (the old
 * one quits first); a 421 is a lost connection, evicted as before; other refusals keep the
 * connection. And a connection that cannot replace its transport is evicted, its count given back.
 */
class SmtpThrottlingIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final String SENDER = "alice@emailra.test";
    private static final String RECIPIENT = "bob@emailra.test";

    private SmtpManagedConnectionFactory managed;
    private NonManagedConnectionManager pool;

    @AfterEach
    void backToIdle() {
        assertEquals(0, pool.activeCount(), "connections left in use");
    }

    /** An SMTP server that takes every message, but for the rules given first. */
    private static ScriptedServer smtp(UnaryOperator<ScriptedServer.Builder> exceptions) throws IOException {
        return exceptions.apply(ScriptedServer.greeting("220 scripted ESMTP"))
                .on("^EHLO ", "250-scripted", "250 8BITMIME")
                .on("^(MAIL FROM|RCPT TO):", "250 2.1.0 Ok")
                .on("^DATA$", "354 End data with <CR><LF>.<CR><LF>")
                .on("^\\.$", "250 2.0.0 Ok: queued")
                .on("^(RSET|NOOP)$", "250 2.0.0 Ok")
                .on("^QUIT$", "221 2.0.0 Bye")
                .otherwise() // the message's lines, between DATA and the final dot, get no answer
                .start();
    }

    private SmtpClientFactory factory(ScriptedServer server) {
        return factory(server, settings -> { });
    }

    private SmtpClientFactory factory(ScriptedServer server, Consumer<SmtpManagedConnectionFactory> settings) {
        managed = new SmtpManagedConnectionFactory();
        managed.setHost("127.0.0.1");
        managed.setPort(server.port());
        managed.setTransportSecurity("NONE");
        managed.setReadTimeoutMillis(5_000);
        settings.accept(managed);
        pool = POOLS.pool(managed, 1);
        return POOLS.clientFactory(managed, pool);
    }

    /** The SMTP sessions the server saw: each begins with EHLO. */
    private static List<Integer> sessionStarts(ScriptedServer server) {
        List<String> lines = server.received();
        return IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith("EHLO ")).boxed().toList();
    }

    private static void assertQuitBeforeEachNewSession(ScriptedServer server) {
        List<String> lines = server.received();
        List<Integer> starts = sessionStarts(server);
        for (int session = 1; session < starts.size(); session++) {
            assertEquals("QUIT", lines.get(starts.get(session) - 1), "the connection holds one socket at a time: " + lines);
        }
    }

    @Test
    void a451ToMailFromIsTransientAndTheNextMessageGoesOnANewConnection() throws IOException {
        try (ScriptedServer server = smtp(rules -> rules.on("^MAIL FROM:<throttled@", "451 4.7.1 Try again later"));
             SmtpClient client = factory(server).getClient()) {
            EmailProtocolException throttled = assertThrows(EmailProtocolException.class,
                    () -> client.send(message("throttled@emailra.test", RECIPIENT, "slow down", "x")));
            assertEquals(451, throttled.replyCode(), throttled.getMessage());
            assertEquals("4.7.1", throttled.enhancedStatusCode());
            assertTrue(throttled.isTransient(), "a later try may succeed");
            assertEquals(1, sessionStarts(server).size());

            assertNotNull(client.send(message(SENDER, RECIPIENT, "after the throttle", "x")));
            assertEquals(2, sessionStarts(server).size(), "the next message went on a new connection");
            assertNotNull(client.send(message(SENDER, RECIPIENT, "and on", "x")));
            assertEquals(2, sessionStarts(server).size(), "the new connection is not throttled: it stays");
            assertQuitBeforeEachNewSession(server);
            assertEquals(1, managed.openConnections(), "one physical connection throughout");
        }
    }

    @Test
    void aThrottledRecipientInABatchIsTransientAndTheBatchGoesOnOnANewConnection() throws IOException {
        try (ScriptedServer server = smtp(rules -> rules.on("^RCPT TO:<slow@",
                "450 4.7.1 Error: too many recipients from 127.0.0.1"));
             SmtpClient client = factory(server).getClient()) {
            EmailSendException partly = assertThrows(EmailSendException.class, () -> client.send(List.of(
                    message(SENDER, "slow@emailra.test", "#0", "x"), message(SENDER, RECIPIENT, "#1", "x"),
                    message(SENDER, "slow@emailra.test", "#2", "x"), message(SENDER, RECIPIENT, "#3", "x"))));
            List<SendResult> results = partly.results();
            for (int throttled : new int[]{0, 2}) {
                EmailProtocolException why = (EmailProtocolException) results.get(throttled).failure();
                assertNull(results.get(throttled).messageId());
                assertEquals(450, why.replyCode(), why.getMessage());
                assertEquals("4.7.1", why.enhancedStatusCode());
                assertTrue(why.isTransient());
            }
            assertTrue(results.get(1).sent() && results.get(3).sent(), results.toString());
            assertEquals(3, sessionStarts(server).size(), "each throttled message's successor went on a new connection");
            assertQuitBeforeEachNewSession(server);
        }
    }

    @Test
    void otherRefusalsKeepTheConnection() throws IOException {
        try (ScriptedServer server = smtp(rules -> rules
                .on("^MAIL FROM:<refused@", "550 5.7.1 Sender not allowed")
                .on("^RCPT TO:<greylisted@", "450 4.2.0 Recipient address rejected: Greylisted"));
             SmtpClient client = factory(server).getClient()) {
            EmailProtocolException permanent = assertThrows(EmailProtocolException.class,
                    () -> client.send(message("refused@emailra.test", RECIPIENT, "no", "x")));
            assertFalse(permanent.isTransient());
            EmailSendException later = assertThrows(EmailSendException.class,
                    () -> client.send(message(SENDER, "greylisted@emailra.test", "later", "x")));
            assertTrue(((EmailProtocolException) later.results().get(0).failure()).isTransient());
            client.send(message(SENDER, RECIPIENT, "yes", "x"));
            assertEquals(1, sessionStarts(server).size(), "no throttling, no new connection");
        }
    }

    /** A 421 ends the connection, whatever its status says: it stays a lost connection, evicted, and the next send opens another. */
    @Test
    void a421ToDataIsALostConnectionAndTheNextSendOpensANewOne() throws IOException {
        try (ScriptedServer server = smtp(rules -> rules.on("^DATA$", "421 4.7.0 Too many messages, closing connection"));
             SmtpClient client = factory(server).getClient()) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                EmailConnectionException lost = assertThrows(EmailConnectionException.class,
                        () -> client.send(message(SENDER, RECIPIENT, "too many", "x")));
                assertTrue(lost.getMessage().contains("421 4.7.0"), lost.getMessage());
                assertEquals(attempt, sessionStarts(server).size());
                assertEquals(0, managed.openConnections(), "the lost connection was destroyed");
            }
        }
    }

    @Test
    void aConnectionThatCannotReplaceItsTransportIsEvictedAndItsCountGivenBack() throws IOException {
        ScriptedServer server = smtp(UnaryOperator.identity());
        try (SmtpClient client = factory(server, settings -> {
            settings.setMaxMessagesPerConnection(1);
            settings.setValidateAfterIdleMillis(600_000); // the pool hands the connection out again without a check
        }).getClient()) {
            client.send(message(SENDER, RECIPIENT, "the only one on this connection", "x"));
            assertEquals(1, managed.openConnections());
            server.close(); // the next sign-on is refused
            EmailConnectionException lost = assertThrows(EmailConnectionException.class,
                    () -> client.send(message(SENDER, RECIPIENT, "needs a new connection", "x")));
            assertTrue(lost.getMessage().contains("maxMessagesPerConnection (1)")
                    && lost.getMessage().contains("no new one could be signed on"), lost.getMessage());
            assertEquals(0, managed.openConnections(), "evicted, and counted closed");
        } finally {
            server.close();
        }
    }
}
