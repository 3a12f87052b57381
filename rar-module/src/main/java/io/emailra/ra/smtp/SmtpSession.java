package io.emailra.ra.smtp;

import io.emailra.ra.MailSession;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.TransportSecurity;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** One SMTP connection: an Angus {@link SMTPTransport}, connected and signed on, between mail transactions. */
public final class SmtpSession implements MailSession {

    private final SMTPTransport transport;

    private SmtpSession(SMTPTransport transport) {
        this.transport = transport;
    }

    /** Connects and, given a user, signs on; Angus's SMTP provider is used directly, never looked up. */
    public static SmtpSession open(Session session, MailServerConfig config, String user, String password)
            throws MessagingException {
        SMTPTransport transport = config.security() == TransportSecurity.TLS
                ? new SMTPSSLTransport(session, null) : new SMTPTransport(session, null);
        transport.connect(config.host(), config.port(), user, password);
        return new SmtpSession(transport);
    }

    /** Sends one message (one mail transaction) and returns its Message-ID. */
    String send(MimeMessage message) throws MessagingException {
        message.saveChanges();
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            abortTransaction(e);
            throw e;
        }
        return message.getMessageID();
    }

    /** After a refused command, RSET so that the connection's next transaction starts clean. */
    private void abortTransaction(MessagingException cause) {
        try {
            transport.issueCommand("RSET", 250);
        } catch (MessagingException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void noop() throws MessagingException {
        transport.issueCommand("NOOP", 250);
    }

    @Override
    public void validate() throws MessagingException {
        transport.issueCommand("RSET", 250);
    }

    @Override
    public void reset() {
        // Every transaction either completed or was aborted with RSET; nothing is left open.
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // The connection is being discarded; nothing more to do.
        }
    }
}
