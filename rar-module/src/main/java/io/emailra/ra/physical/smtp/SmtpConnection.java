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
import org.eclipse.angus.mail.util.CRLFOutputStream;

import javax.transaction.xa.XAResource;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.time.Duration;
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
 *
 * <p>When the server offers PIPELINING (and the factory's {@code pipelining} is on), emailra speaks
 * the mail transactions itself on the socket Angus signed on ({@link SocketCapture}, {@link SmtpPipeline}):
 * a message's commands go as one group, and with CHUNKING a batch keeps up to {@code maxMessagesInFlight}
 * messages in flight. Otherwise Angus's transport sends, one command at a time.
 */
public final class SmtpConnection implements PhysicalConnection {

    /** What a send in a transaction's branch reports for each recipient: nothing is known yet. */
    static final String DEFERRED_REPLY = "recorded: sent after the transaction commits";

    /** A signed-on transport, and the socket it runs on if emailra captured it (else null: it does not pipeline). */
    public record SignedOn(SMTPTransport transport, Socket socket) {
    }

    /** Signs on a transport in place of one that was closed, as the first one signed on. */
    @FunctionalInterface
    public interface Renewal {
        /** @throws EmailException naming the server: what went wrong */
        SignedOn signOn();
    }

    /** How the connection pipelines when it can: with how many messages in flight, and the write time limit. */
    public record Sending(int maxMessagesInFlight, Duration writeLimit) {
    }

    private final Renewal renewal;
    private final TransportLife life;
    private final SendRate rate;
    private final Deferral deferral;
    private final FactoryStatistics statistics;
    private final Sending sending;
    /** Volatile: the pool may destroy the connection from another thread after an operation replaced it. */
    private volatile SMTPTransport transport;
    private Socket socket;
    /** emailra's dialogue on {@link #socket}, once made; and the outcomes of the call it works for. */
    private SmtpPipeline pipeline;
    private Outcome[] outcomes;
    private final SmtpPipeline.Listener heard = new Heard();

    /**
     * @param signedOn  a transport from {@link #signOn}
     * @param renewal   signs on the transports that replace it
     * @param life      when it is due for replacement, counted from now
     * @param rate      the factory's pace, shared by its connections
     * @param deferral  where messages go while the connection works for a transaction that sends on
     *                  commit; null if the factory sends at once
     * @param statistics the factory's figures: messages sent
     * @param sending   how it pipelines, when its transport came with a socket
     */
    public SmtpConnection(SignedOn signedOn, Renewal renewal, TransportLife life, SendRate rate,
                          Deferral deferral, FactoryStatistics statistics, Sending sending) {
        this.statistics = statistics;
        this.transport = signedOn.transport();
        this.socket = signedOn.socket();
        this.renewal = renewal;
        this.life = life;
        this.rate = rate;
        this.deferral = deferral;
        this.sending = sending;
    }

    /**
     * Connects a transport and, given a user, signs on; Angus's SMTP provider is used directly, never
     * looked up. With a capture, the socket it signed on over comes with it.
     */
    public static SignedOn signOn(Session session, MailServerConfig config, Credentials credentials,
                                  SocketCapture capture) throws MessagingException {
        SMTPTransport transport = config.security() == TransportSecurity.TLS
                ? new SMTPSSLTransport(session, null) : new SMTPTransport(session, null);
        try {
            transport.connect(config.host(), config.port(), credentials.user(), credentials.password());
            return new SignedOn(transport, capture == null ? null : capture.take());
        } finally {
            if (capture != null) {
                capture.take(); // a failed sign-on leaves no socket behind in the thread
            }
        }
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
        Prepared prepared = prepare(message, envelope);
        if (prepared.deferred() != null) {
            return prepared.deferred();
        }
        awaitTurn();
        renewIfDue();
        if (!pipelines(prepared)) {
            return sendByAngus(prepared);
        }
        Outcome[] outcome = new Outcome[1];
        try {
            SmtpPipeline pipeline = pipeline(outcome);
            sendPipelined(pipeline, prepared, 0);
            pipeline.drain();
        } catch (IOException e) {
            throw lost(e);
        }
        if (outcome[0] instanceof Outcome.Refused refused) {
            throw refused.refusal();
        }
        return ((Outcome.Sent) outcome[0]).delivery();
    }

    /**
     * Sends a batch over this connection, each message as {@link #send} would without an envelope; a
     * message refused or unwritable does not stop the others. Pipelined, up to {@code maxMessagesInFlight}
     * messages are in flight; the outcomes are the same as one by one.
     *
     * @return one outcome per message, in order: {@link Outcome.Sent}, {@link Outcome.Refused} or {@link Outcome.Unwritable}
     * @throws BatchInterruptedException if the connection was lost (its cause an I/O failure: the
     *                                   connection is broken) or the thread interrupted while a message
     *                                   waited for its turn; it says what became of each message
     */
    public List<Outcome> send(List<MimeMessage> batch) throws BatchInterruptedException {
        Outcome[] results = new Outcome[batch.size()];
        SmtpPipeline active = null; // with messages in flight
        try {
            for (int index = 0; index < results.length; index++) {
                Prepared prepared;
                try {
                    prepared = prepare(batch.get(index), null);
                } catch (IllegalArgumentException unwritable) {
                    results[index] = new Outcome.Unwritable(unwritable);
                    continue;
                } catch (MessagingException refused) { // its recipients cannot be read, as one by one
                    results[index] = new Outcome.Refused(refused);
                    continue;
                }
                if (prepared.deferred() != null) {
                    results[index] = new Outcome.Sent(prepared.deferred());
                    continue;
                }
                awaitTurn(active);
                if (life.due() != null || !pipelines(prepared)) {
                    if (active != null) {
                        active.drain(); // Angus's transport and a new socket start between transactions
                        active = null;
                    }
                    renewIfDue();
                }
                if (!pipelines(prepared)) {
                    results[index] = byAngus(prepared, results, index);
                    continue;
                }
                if (active == null) {
                    active = pipeline(results);
                }
                sendPipelined(active, prepared, index);
                while (active.full(sending.maxMessagesInFlight())) {
                    active.readOldest();
                }
            }
            if (active != null) {
                active.drain();
            }
        } catch (IOException e) {
            if (active != null) {
                active.salvage();
            }
            throw interrupted(results, lost(e));
        } catch (MessagingException e) {
            throw interrupted(results, e); // Angus lost the connection, or no new transport signed on
        } catch (EmailConnectionException e) {
            throw interrupted(results, e); // interrupted in its turn: the connection is between transactions
        }
        return List.of(results);
    }

    /** The batch's outcomes so far; a message without one was not sent. */
    private static BatchInterruptedException interrupted(Outcome[] results, Exception cause) {
        List<Outcome> all = new ArrayList<>(results.length);
        for (Outcome outcome : results) {
            all.add(outcome == null ? new Outcome.NotSent() : outcome);
        }
        return new BatchInterruptedException(cause.getMessage(), cause, all);
    }

    /** Waits for the turn; interrupted, the messages in flight are read first, so that the connection stays clean. */
    private void awaitTurn(SmtpPipeline pipeline) throws IOException {
        try {
            awaitTurn();
        } catch (EmailConnectionException interrupted) {
            if (pipeline != null) {
                pipeline.drain();
            }
            throw interrupted;
        }
    }

    /**
     * Angus's dialogue for one message of a batch: its outcome. If the connection was lost, the
     * message may have gone (Angus does not say whether before or after the final dot).
     */
    private Outcome byAngus(Prepared prepared, Outcome[] results, int index) throws MessagingException {
        try {
            return new Outcome.Sent(sendByAngus(prepared));
        } catch (MessagingException e) {
            if (ConnectionFailures.isConnectionLoss(e)) {
                results[index] = new Outcome.Unknown(prepared.messageId());
                throw e;
            }
            return new Outcome.Refused(e);
        }
    }

    /** The pipeline on the current socket: made once per socket, so that a send does not allocate its buffers. */
    private SmtpPipeline pipeline(Outcome[] outcomesOfThisCall) throws IOException {
        outcomes = outcomesOfThisCall;
        if (pipeline == null) {
            pipeline = new SmtpPipeline(socket, transport.supportsExtension("CHUNKING"), sending.writeLimit(), heard);
        }
        return pipeline;
    }

    /** Where the pipeline's outcomes and replies go: the running call's outcomes, the figures, the provider limits. */
    private final class Heard implements SmtpPipeline.Listener {
        @Override
        public void outcome(int index, Outcome outcome) {
            outcomes[index] = outcome;
            if (outcome instanceof Outcome.Sent sent && sent.delivery().messageId() != null) {
                statistics.sent();
            }
        }

        @Override
        public void replied(int code, String reply) {
            life.replied(code, reply);
        }
    }

    private void sendPipelined(SmtpPipeline pipeline, Prepared prepared, int index) throws IOException {
        life.sending();
        statistics.sending();
        boolean dsn = transport.supportsExtension("DSN");
        String mailFrom = "MAIL FROM:" + angleBracketed(prepared.sender());
        if (dsn && prepared.wire().getReturnOption() != 0) {
            mailFrom += prepared.wire().getReturnOption() == SMTPMessage.RETURN_FULL ? " RET=FULL" : " RET=HDRS";
        }
        String notify = dsn ? notify(prepared.wire().getNotifyOptions()) : "";
        List<String> recipients = new ArrayList<>(prepared.recipients().length);
        List<String> rcptTo = new ArrayList<>(prepared.recipients().length);
        for (Address recipient : prepared.recipients()) {
            String address = ((InternetAddress) recipient).getAddress();
            recipients.add(address);
            rcptTo.add("RCPT TO:" + angleBracketed(address) + notify);
        }
        ByteArrayOutputStream text;
        try {
            text = new ByteArrayOutputStream(Math.max(prepared.wire().getSize(), 256) + 256);
            prepared.wire().writeTo(new CRLFOutputStream(text));
        } catch (MessagingException e) {
            throw new IOException("the written message cannot be read again: " + e, e); // it is in memory
        }
        pipeline.send(new SmtpPipeline.Outgoing(index, prepared.messageId(), mailFrom, recipients, rcptTo,
                text.toByteArray()));
    }

    /** RFC 3461's NOTIFY parameter, as Angus writes it. */
    private static String notify(int options) {
        if (options == SMTPMessage.NOTIFY_NEVER) {
            return " NOTIFY=NEVER";
        }
        List<String> when = new ArrayList<>(3);
        if ((options & SMTPMessage.NOTIFY_SUCCESS) != 0) {
            when.add("SUCCESS");
        }
        if ((options & SMTPMessage.NOTIFY_FAILURE) != 0) {
            when.add("FAILURE");
        }
        if ((options & SMTPMessage.NOTIFY_DELAY) != 0) {
            when.add("DELAY");
        }
        return when.isEmpty() ? "" : " NOTIFY=" + String.join(",", when);
    }

    private static String angleBracketed(String address) {
        return address.startsWith("<") ? address : "<" + address + ">";
    }

    /**
     * Whether emailra's own dialogue sends the message: it has the socket, the server offers
     * PIPELINING, and the message asks nothing of the envelope that only Angus writes (a submitter,
     * a MAIL extension, 8BITMIME) and has a sender.
     */
    private boolean pipelines(Prepared prepared) {
        SMTPMessage wire = prepared.wire();
        return socket != null && transport.supportsExtension("PIPELINING")
                && prepared.sender() != null && wire.getSubmitter() == null && wire.getMailExtension() == null
                && !wire.getAllow8bitMIME();
    }

    /** A connection lost in emailra's dialogue, as Angus would report it: an I/O failure as the cause. */
    private MessagingException lost(IOException e) {
        return new MessagingException("the connection was lost in a pipelined exchange: " + e.getMessage(), e);
    }

    /** A message ready to go: the copy written out, its recipients and sender; or its record in a transaction. */
    private record Prepared(SMTPMessage wire, Address[] recipients, String sender, String messageId,
                            Delivery deferred) {
    }

    /**
     * The message written out as it will be sent, with the envelope's recipients and sender or the
     * message's own; in a transaction that sends on commit, recorded instead ({@code deferred}).
     */
    private Prepared prepare(MimeMessage message, Envelope envelope) throws MessagingException {
        MimeMessage copy = copyOf(message);
        SMTPMessage wire = Messages.render(copy, "Bcc", "Content-Length");
        if (deferral != null && deferral.defers()) {
            return new Prepared(wire, null, null, null, defer(message, copy, wire, envelope));
        }
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
        return new Prepared(wire, recipients, sender(wire), messageId, null);
    }

    /** The envelope sender Angus would use, or null when it would find none (then Angus sends, and says so). */
    private static String sender(SMTPMessage wire) throws MessagingException {
        if (wire.getEnvelopeFrom() != null) {
            return wire.getEnvelopeFrom();
        }
        Address[] from = wire.getFrom();
        return from != null && from.length > 0 && from[0] instanceof InternetAddress address ? address.getAddress() : null;
    }

    /** Angus's dialogue: MAIL, each RCPT, DATA, each waiting for its reply. */
    private Delivery sendByAngus(Prepared prepared) throws MessagingException {
        SMTPMessage wire = prepared.wire();
        Address[] recipients = prepared.recipients();
        String messageId = prepared.messageId();
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
            SignedOn next = renewal.signOn();
            transport = next.transport();
            socket = next.socket();
            pipeline = null;
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
