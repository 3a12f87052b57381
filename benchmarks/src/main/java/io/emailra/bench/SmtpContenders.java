package io.emailra.bench;

import io.emailra.api.AllocationMode;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.simplejavamail.api.mailer.Mailer;
import org.simplejavamail.api.mailer.config.TransportStrategy;
import org.simplejavamail.email.EmailBuilder;
import org.simplejavamail.mailer.MailerBuilder;

import java.util.List;

/**
 * Sending small messages: emailra in two modes, and what an application would otherwise write.
 * Pools hold at most {@link #POOL} connections, enough for every T (Postfix, as shipped, runs up to
 * 100 smtpd processes and does not limit connections from 127.0.0.1).
 */
final class SmtpContenders {

    static final String HAND_WRITTEN = "Angus, one Transport per thread (hand-written optimum)";
    static final String PER_MESSAGE = "Angus Transport.send per message";
    static final String EMAILRA_DEFAULT = "emailra USE_DEFAULT, one shared client";
    static final String EMAILRA_MAIN = "emailra USE_MAIN, a client per thread";
    static final String SIMPLE_JAVA_MAIL = "Simple Java Mail 8.12 batch-module pool";
    static final int POOL = 16;

    private final Endpoint endpoint;
    private final String to;
    private final Session session;

    SmtpContenders(Endpoint endpoint, String to) {
        this.endpoint = endpoint;
        this.to = to;
        this.session = AngusSessions.smtp(endpoint);
    }

    List<Contender> all(EmailraPools.Pooled<SmtpClientFactory> emailra) {
        return List.of(Contender.pooled(emailraUseDefault(emailra.factory()), emailra.pool()),
                Contender.pooled(emailraUseMain(emailra.factory()), emailra.pool()), handWritten(), perMessage(),
                simpleJavaMail());
    }

    /** Many threads on a small pool of emailra's, against one Transport per thread. */
    List<Contender> crowd(EmailraPools.Pooled<SmtpClientFactory> emailra) {
        return List.of(Contender.pooled(emailraUseDefault(emailra.factory()), emailra.pool()), handWritten());
    }

    private Contender emailraUseDefault(SmtpClientFactory factory) {
        return Contender.of(EMAILRA_DEFAULT, threads -> {
            SmtpClient shared = factory.getClient(AllocationMode.USE_DEFAULT);
            return new Contender.Round() {
                @Override
                public Contender.Worker worker(int thread) {
                    return index -> shared.send(Letters.mime(endpoint.user(), to, index));
                }

                @Override
                public void close() {
                    shared.close();
                }
            };
        }, () -> { });
    }

    private Contender emailraUseMain(SmtpClientFactory factory) {
        return Contender.of(EMAILRA_MAIN, threads -> thread -> {
            SmtpClient client = factory.getClient(AllocationMode.USE_MAIN);
            return new Contender.Worker() {
                @Override
                public void operate(int index) {
                    client.send(Letters.mime(endpoint.user(), to, index));
                }

                @Override
                public void close() {
                    client.close();
                }
            };
        }, () -> { });
    }

    /** What Spring's JavaMailSender and Commons Email do: connect, sign on, send one message, quit. */
    private Contender perMessage() {
        return Contender.of(PER_MESSAGE, threads -> thread -> index ->
                Transport.send(Letters.mime(session, endpoint.user(), to, index), endpoint.user(), endpoint.password()),
                () -> { });
    }

    /** One connected Transport per thread, kept open for all its messages. */
    private Contender handWritten() {
        return Contender.of(HAND_WRITTEN, threads -> thread -> {
            Transport transport = session.getTransport("smtp");
            transport.connect(endpoint.host(), endpoint.port(), endpoint.user(), endpoint.password());
            return new Contender.Worker() {
                @Override
                public void operate(int index) throws Exception {
                    MimeMessage message = Letters.mime(session, endpoint.user(), to, index);
                    message.saveChanges();
                    transport.sendMessage(message, message.getAllRecipients());
                }

                @Override
                public void close() throws Exception {
                    transport.close();
                }
            };
        }, () -> { });
    }

    /** Its Mailer with the batch-module on the class path: synchronous sends on pooled connections. */
    private Contender simpleJavaMail() {
        Mailer mailer = MailerBuilder.withSMTPServer(endpoint.host(), endpoint.port(), endpoint.user(), endpoint.password())
                .withTransportStrategy(endpoint.startTls() ? TransportStrategy.SMTP_TLS : TransportStrategy.SMTP)
                .withConnectionPoolCoreSize(0)
                .withConnectionPoolMaxSize(POOL)
                .withConnectionPoolExpireAfterMillis(600_000)
                .withSessionTimeout(30_000)
                .clearEmailValidator() // it refuses the reserved .test domain of the test servers
                .buildMailer();
        return Contender.of(SIMPLE_JAVA_MAIL, threads -> thread -> index -> mailer.sendMail(EmailBuilder.startingBlank()
                .from(endpoint.user())
                .to(to)
                .withSubject(Letters.subject(index))
                .withPlainText(Letters.TEXT)
                .buildEmail()).get(), () -> mailer.shutdownConnectionPool().get());
    }
}
