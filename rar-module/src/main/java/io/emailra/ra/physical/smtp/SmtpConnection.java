package io.emailra.ra.physical.smtp;

import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailException;
import io.emailra.api.Envelope;
import io.emailra.api.RecipientResult;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.TransportSecurity;
import io.emailra.ra.monitor.FactoryStatistics;
import io.emailra.ra.physical.ConnectionFailures;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.Messages;
import io.emailra.ra.physical.PhysicalConnection;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressSucceededException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import javax.transaction.xa.XAResource;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One SMTP connection: an Angus {@link SMTPTransport}, connected and signed on, between mail
 * transactions. It keeps to the provider limits: each message waits for its turn in the factory's
 * {@link SendRate}, and a transport that is due ({@link TransportLife}) is closed and replaced by a
 * new one before the next message, also within a batch; the connection holds one socket at a time.
 */
public final class SmtpConnection implements PhysicalConnection {

    /** What a send in a transaction's branch reports for each recipient: nothing is known yet. */
    static final String DEFERRED_REPLY = "recorded: sent after the transaction commits";

    /** Signs on a transport in place of one that was closed, as the first one signed on. */
    @FunctionalInterface
    public interface Renewal {
        /** @throws EmailException naming the server: what went wrong */
        SMTPTransport signOn();
    }

    private final Renewal renewal;
    private final TransportLife life;
    private final SendRate rate;
    private final Deferral deferral;
    private final FactoryStatistics statistics;
    /** Volatile: the pool may destroy the connection from another thread after an operation replaced it. */
    private volatile SMTPTransport transport;

    /**
     * @param transport a transport from {@link #signOn}
     * @param renewal   signs on the transports that replace it
     * @param life      when it is due for replacement, counted from now
     * @param rate      the factory's pace, shared by its connections
     * @param deferral  where messages go while the connection works for a transaction that sends on
     *                  commit; null if the factory sends at once
     * @param statistics the factory's figures: messages sent
     */
    public SmtpConnection(SMTPTransport transport, Renewal renewal, TransportLife life, SendRate rate,
                          Deferral deferral, FactoryStatistics statistics) {
        this.statistics = statistics;
        this.transport = transport;
        this.renewal = renewal;
        this.life = life;
        this.rate = rate;
        this.deferral = deferral;
    }

    /** Connects a transport and, given a user, signs on; Angus's SMTP provider is used directly, never looked up. */
    public static SMTPTransport signOn(Session session, MailServerConfig config, Credentials credentials)
            throws MessagingException {
        SMTPTransport transport = config.security() == TransportSecurity.TLS
                ? new SMTPSSLTransport(session, null) : new SMTPTransport(session, null);
        transport.connect(config.host(), config.port(), credentials.user(), credentials.password());
        return transport;
    }

    /** What the server did with a message: sent (a Message-ID) or not (null), and its answer per recipient. */
    public record Delivery(String messageId, List<RecipientResult> recipients) {
    }

    /**
     * Sends one message (one mail transaction) to the envelope's recipients, or the message's own
     * (To, Cc, Bcc), and says what the server answered for each. The message is written out before
     * the first command, so a failing content never leaves the connection inside DATA. It then waits
     * for its turn ({@code maxMessagesPerSecond}) and goes out on a new transport if this one is due
     * ({@code maxMessagesPerConnection}, {@code maxConnectionAgeMillis}, throttled). Recipients
     * the server refuses do not stop the others ({@code mail.smtp.sendpartial}); every recipient's
     * reply comes back ({@code mail.smtp.reportsuccess}).
     *
     * In a transaction that sends on commit, the message is written out the same way and recorded in
     * the transaction instead; every recipient's reply is then {@value #DEFERRED_REPLY}.
     *
     * @throws IllegalArgumentException if the message cannot be written; nothing was sent
     * @throws MessagingException       if the server refused the sender or the message itself, or
     *                                  the connection was lost (also: no new transport could be signed on)
     * @throws EmailConnectionException if the thread was interrupted while it waited for its turn
     */
    public Delivery send(MimeMessage message, Envelope envelope) throws MessagingException {
        MimeMessage copy = copyOf(message);
        SMTPMessage wire = Messages.render(copy, "Bcc", "Content-Length");
        if (deferral != null && deferral.defers()) {
            return defer(message, copy, wire, envelope);
        }
        awaitTurn();
        renewIfDue();
        Messages.copyEnvelope(message, wire);
        Address[] recipients = message.getAllRecipients();
        if (envelope != null) {
            recipients = addresses(envelope.recipients());
            if (envelope.sender() != null) {
                wire.setEnvelopeFrom(envelope.sender());
            }
            wire.setNotifyOptions(notifyOptions(envelope.notifyOn()));
            if (envelope.dsnReturn() != null) {
                wire.setReturnOption(envelope.dsnReturn() == Envelope.DsnReturn.FULL ? SMTPMessage.RETURN_FULL : SMTPMessage.RETURN_HDRS);
            }
        }
        wire.setSendPartial(true);
        String messageId = copy.getMessageID();
        if (copy != message && message.getHeader("Message-ID") == null) {
            message.setHeader("Message-ID", messageId); // the one change to the application's message: what it was sent as
        }
        life.sending();
        statistics.sending();
        try {
            transport.sendMessage(wire, recipients);
            statistics.sent();
            return new Delivery(messageId, accepted(recipients)); // only without reportsuccess
        } catch (SendFailedException report) {
            if (report instanceof SMTPSendFailedException whole && whole.getReturnCode() / 100 != 2) {
                // The sender, the message or the transaction refused (MAIL FROM, DATA, the final dot).
                life.replied(whole.getReturnCode(), whole.getMessage());
                MessagingException failure = lostOrRefused(whole);
                if (failure == whole) {
                    abortTransaction(whole);
                }
                throw failure;
            }
            // Angus's report of every recipient (reportsuccess), thrown after the message went, if it went.
            List<RecipientResult> replies = replies(report, recipients);
            replies.forEach(reply -> life.replied(reply.replyCode(), reply.reply()));
            Address[] sent = report.getValidSentAddresses();
            if (sent == null || sent.length == 0) {
                abortTransaction(report);
            } else {
                statistics.sent();
            }
            return new Delivery(sent == null || sent.length == 0 ? null : messageId, replies);
        } catch (MessagingException e) {
            MessagingException failure = lostOrRefused(e);
            if (failure == e) {
                abortTransaction(e);
            }
            throw failure;
        }
    }

    /** Waits for this message's slot in the factory's pace; the connection stays usable if interrupted. */
    private void awaitTurn() {
        try {
            rate.awaitTurn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmailConnectionException("interrupted while waiting for the turn to send (maxMessagesPerSecond: "
                    + rate + ")", e);
        }
    }

    /**
     * Replaces a transport that is due: the old one quits first, so that the connection never holds
     * two sockets (a provider counting connections sees no more than before). If no new one can be
     * signed on, the connection has no socket: that is a lost connection, and it is evicted.
     */
    private void renewIfDue() throws MessagingException {
        String due = life.due();
        if (due == null) {
            return;
        }
        close();
        try {
            transport = renewal.signOn();
        } catch (EmailException e) {
            MessagingException lost = new MessagingException("the transport was closed to be replaced, since " + due
                    + ", and no new one could be signed on: " + ConnectionFailures.describe(e),
                    new EOFException("no transport after the replacement failed"));
            lost.addSuppressed(e);
            throw lost;
        }
        life.renewed();
    }

    /** Records the message as written in the transaction: what commit will send, with the same Message-ID. */
    private Delivery defer(MimeMessage message, MimeMessage copy, SMTPMessage wire, Envelope envelope)
            throws MessagingException {
        Envelope recorded = envelope != null ? envelope : envelopeOf(message);
        ByteArrayOutputStream content = new ByteArrayOutputStream(Math.max(wire.getSize(), 256));
        try {
            wire.writeTo(content);
        } catch (IOException e) {
            throw new IllegalArgumentException("the message cannot be written: " + e, e);
        }
        String messageId = copy.getMessageID();
        if (copy != message && message.getHeader("Message-ID") == null) {
            message.setHeader("Message-ID", messageId);
        }
        deferral.defer(new DeferredMessage(messageId, recorded, content.toByteArray()));
        return new Delivery(messageId, recorded.recipients().stream()
                .map(address -> new RecipientResult(address, true, -1, DEFERRED_REPLY)).toList());
    }

    /** The envelope a message's own headers (To, Cc, Bcc) and SMTP settings make. */
    private static Envelope envelopeOf(MimeMessage message) throws MessagingException {
        Address[] all = message.getAllRecipients();
        if (all == null || all.length == 0) {
            throw new IllegalArgumentException("the message has no recipient (To, Cc or Bcc)");
        }
        List<String> recipients = Arrays.stream(all).map(a -> ((InternetAddress) a).getAddress()).distinct().toList();
        Envelope envelope = new Envelope(null, recipients, Set.of(), null);
        if (message instanceof SMTPMessage smtp) {
            envelope = envelope.withSender(smtp.getEnvelopeFrom());
            int notify = smtp.getNotifyOptions();
            if (notify == SMTPMessage.NOTIFY_NEVER) {
                envelope = envelope.withNotify(Envelope.Notify.NEVER);
            } else if (notify != 0) {
                envelope = new Envelope(envelope.sender(), recipients, notifyOn(notify), envelope.dsnReturn());
            }
            if (smtp.getReturnOption() != 0) {
                envelope = envelope.withReturn(smtp.getReturnOption() == SMTPMessage.RETURN_FULL
                        ? Envelope.DsnReturn.FULL : Envelope.DsnReturn.HEADERS);
            }
        }
        return envelope;
    }

    private static Set<Envelope.Notify> notifyOn(int options) {
        Set<Envelope.Notify> notify = EnumSet.noneOf(Envelope.Notify.class);
        if ((options & SMTPMessage.NOTIFY_SUCCESS) != 0) {
            notify.add(Envelope.Notify.SUCCESS);
        }
        if ((options & SMTPMessage.NOTIFY_FAILURE) != 0) {
            notify.add(Envelope.Notify.FAILURE);
        }
        if ((options & SMTPMessage.NOTIFY_DELAY) != 0) {
            notify.add(Envelope.Notify.DELAY);
        }
        return notify;
    }

    /**
     * The message to write: a copy, so that writing it (which runs {@code saveChanges()}) leaves the
     * application's message alone; the message itself if it holds parts that cannot be copied.
     */
    private static MimeMessage copyOf(MimeMessage message) {
        try {
            MimeMessage copy = SendableCopy.of(message, Messages.detachedSession());
            return copy == null ? message : copy;
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("the message cannot be read (its content failed, not the connection): "
                    + e, e);
        }
    }

    /** Each recipient's reply from Angus's chain of per-address exceptions, in the envelope's order. */
    private static List<RecipientResult> replies(SendFailedException report, Address[] recipients) {
        Map<String, RecipientResult> byAddress = new LinkedHashMap<>();
        for (Exception next = report.getNextException(); next instanceof MessagingException reply;
             next = reply.getNextException()) {
            if (reply instanceof SMTPAddressSucceededException ok) {
                byAddress.put(ok.getAddress().getAddress(), new RecipientResult(ok.getAddress().getAddress(), true,
                        ok.getReturnCode(), ok.getMessage().strip()));
            } else if (reply instanceof SMTPAddressFailedException refused) {
                byAddress.put(refused.getAddress().getAddress(), new RecipientResult(refused.getAddress().getAddress(),
                        false, refused.getReturnCode(), refused.getMessage().strip()));
            }
        }
        List<RecipientResult> results = new ArrayList<>();
        for (Address recipient : recipients) {
            String address = ((InternetAddress) recipient).getAddress();
            results.add(byAddress.getOrDefault(address, new RecipientResult(address, false, -1, null)));
        }
        return results;
    }

    private static List<RecipientResult> accepted(Address[] recipients) {
        return Arrays.stream(recipients).map(r -> new RecipientResult(((InternetAddress) r).getAddress(), true, 250, null))
                .toList();
    }

    private static Address[] addresses(List<String> recipients) throws AddressException {
        Address[] addresses = new Address[recipients.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = new InternetAddress(recipients.get(i), true);
        }
        return addresses;
    }

    private static int notifyOptions(Set<Envelope.Notify> notify) {
        int options = 0;
        for (Envelope.Notify when : notify) {
            options |= switch (when) {
                case NEVER -> SMTPMessage.NOTIFY_NEVER;
                case SUCCESS -> SMTPMessage.NOTIFY_SUCCESS;
                case FAILURE -> SMTPMessage.NOTIFY_FAILURE;
                case DELAY -> SMTPMessage.NOTIFY_DELAY;
            };
        }
        return options;
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
    public XAResource xaResource() {
        return deferral == null ? null : deferral.xaResource();
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
