package io.emailra.ra.physical.smtp;

import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.TransportSecurity;
import io.emailra.ra.physical.Messages;
import io.emailra.ra.physical.PhysicalConnection;
import jakarta.mail.MessagingException;

import java.io.EOFException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** One SMTP connection: an Angus {@link SMTPTransport}, connected and signed on, between mail transactions. */
public final class SmtpConnection implements PhysicalConnection {

    private final SMTPTransport transport;

    private SmtpConnection(SMTPTransport transport) {
        this.transport = transport;
    }

    /** Connects and, given a user, signs on; Angus's SMTP provider is used directly, never looked up. */
    public static SmtpConnection open(Session session, MailServerConfig config, String user, String password)
            throws MessagingException {
        SMTPTransport transport = config.security() == TransportSecurity.TLS
                ? new SMTPSSLTransport(session, null) : new SMTPTransport(session, null);
        transport.connect(config.host(), config.port(), user, password);
        return new SmtpConnection(transport);
    }

    /**
     * Sends one message (one mail transaction) and returns its Message-ID. The message is written
     * out before the first command, so a failing content never leaves the connection inside DATA.
     *
     * @throws IllegalArgumentException if the message cannot be written; nothing was sent
     */
    public String send(MimeMessage message) throws MessagingException {
        MimeMessage written = Messages.render(message, "Bcc", "Content-Length");
        // Angus reads envelope settings (envelope-from, DSN, submitter) only from its own SMTPMessage:
        // such a message is sent itself, now known to be writable.
        MimeMessage wire = message instanceof SMTPMessage ? message : written;
        try {
            transport.sendMessage(wire, message.getAllRecipients());
        } catch (MessagingException e) {
            MessagingException failure = lostOrRefused(e);
            if (failure == e) {
                abortTransaction(e);
            }
            throw failure;
        }
        return message.getMessageID();
    }

    /**
     * Angus reports a closed connection in SMTP as a reply: code -1 with "[EOF]", or 421. Such a
     * failure gets an {@link EOFException} cause, so that it is recognized as a lost connection.
     */
    private MessagingException lostOrRefused(MessagingException e) {
        int code = transport.getLastReturnCode();
        if (code != -1 && code != 421) {
            return e;
        }
        MessagingException lost = new MessagingException(e.getMessage(),
                new EOFException("the SMTP server closed the connection (reply " + code + ")"));
        lost.addSuppressed(e);
        return lost;
    }

    private void command(String command) throws MessagingException {
        try {
            transport.issueCommand(command, 250);
        } catch (MessagingException e) {
            throw lostOrRefused(e);
        }
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
        command("NOOP");
    }

    @Override
    public void validate() throws MessagingException {
        command("RSET");
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
