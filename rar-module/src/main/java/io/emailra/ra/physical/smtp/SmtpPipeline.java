package io.emailra.ra.physical.smtp;

import io.emailra.api.RecipientResult;
import io.emailra.ra.config.WriteTimeouts;
import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * Mail transactions pipelined on one signed-on socket (RFC 2920): each message's commands go as one
 * group, RSET (the transaction before may have ended refused), MAIL, RCPT per recipient, then with CHUNKING
 * (RFC 3030) {@code BDAT n LAST} and the message itself, else DATA, whose text follows the server's
 * 354 together with the next message's group. With CHUNKING several messages are in flight: written,
 * their replies not yet read. The server answers in the order of the commands, so each reply belongs
 * to a known message and recipient, and every message's outcome is exact. A message whose text was
 * written and flushed, whose final reply never came, may have been accepted: that is all a client can
 * know of it (RFC 5321 §4.1.1.4).
 *
 * <p>One thread writes and reads: the caller keeps the messages in flight few enough that their
 * replies fit in the socket buffers, so the server never blocks on a reply while this side blocks on
 * a write. Not thread-safe; the connection is used by one operation at a time. Between operations
 * nothing is in flight and nothing unread is buffered, so Angus's transport can use the socket too.
 */
final class SmtpPipeline {

    /** A message for the wire: its envelope as SMTP commands, and its exact text. */
    record Outgoing(int index, String messageId, String mailFrom, List<String> recipients, List<String> rcptTo,
                    byte[] text) {
    }

    /** Where outcomes go as their replies are read; and where every reply is heard (throttling). */
    interface Listener {
        void outcome(int index, Outcome outcome);

        void replied(int code, String reply);
    }

    private enum Stage { RSET, MAIL, RCPT, DATA, FINAL, DONE }

    /** A message written, some of its replies not read yet. */
    private static final class InFlight {
        final Outgoing message;
        Stage stage;
        SmtpReply mail;
        final List<SmtpReply> rcpt = new ArrayList<>();
        /** Its text and end are written; flushed is when they left. */
        boolean textWritten;
        boolean handedOver;

        InFlight(Outgoing message) {
            this.message = message;
            this.stage = Stage.RSET;
        }
    }

    private static final int MAX_LINE = 8192;
    /**
     * The most replies awaited at once: about 100 bytes each, well within the socket buffers, so that
     * the server can always write its replies while this side writes (it reads them only afterwards).
     */
    private static final int MOST_AWAITED_REPLIES = 256;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean chunking;
    private final Duration writeLimit;
    private final Listener listener;
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private int awaitedReplies;

    SmtpPipeline(Socket socket, boolean chunking, Duration writeLimit, Listener listener) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 4096);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16384);
        this.chunking = chunking;
        this.writeLimit = writeLimit;
        this.listener = listener;
    }

    /** Whether another message may be written before the oldest one's replies are read. */
    boolean full(int maxMessagesInFlight) {
        return inFlight.size() >= maxMessagesInFlight || awaitedReplies >= MOST_AWAITED_REPLIES;
    }

    /**
     * Writes the message's group. With CHUNKING the text goes with it, and the replies are read later
     * ({@link #readOldest}); with DATA this reads the replies up to the server's answer to DATA, then
     * writes the text, which leaves with the next group or {@link #drain}.
     */
    void send(Outgoing message) throws IOException {
        InFlight sending = new InFlight(message);
        // RSET first: the transaction before may have ended refused, and it costs no round trip.
        StringBuilder group = new StringBuilder(64 + 48 * message.rcptTo().size()).append("RSET\r\n");
        group.append(message.mailFrom()).append("\r\n");
        message.rcptTo().forEach(rcpt -> group.append(rcpt).append("\r\n"));
        group.append(chunking ? "BDAT " + message.text().length + " LAST\r\n" : "DATA\r\n");
        inFlight.addLast(sending);
        awaitedReplies += message.rcptTo().size() + (chunking ? 3 : 4);
        byte[] commands = group.toString().getBytes(StandardCharsets.UTF_8);
        if (chunking) {
            write(() -> {
                out.write(commands);
                out.write(message.text()); // a large text goes straight to the socket, past the buffer
                sending.textWritten = true;
                out.flush();
            });
            handedOver();
            return;
        }
        write(() -> {
            out.write(commands);
            out.flush();
        });
        handedOver();
        while (sending.stage != Stage.FINAL && sending.stage != Stage.DONE) {
            readNext();
        }
        if (sending.stage == Stage.FINAL) {
            write(() -> {
                SMTPOutputStream text = new SMTPOutputStream(out); // CRLF line ends and dot-stuffing
                text.write(message.text());
                text.ensureAtBOL();
                out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                sending.textWritten = true;
            });
        }
    }

    /** Reads the replies of the oldest message in flight, up to its outcome. */
    void readOldest() throws IOException {
        flush();
        InFlight oldest = inFlight.peekFirst();
        while (oldest != null && inFlight.peekFirst() == oldest) {
            readNext();
        }
    }

    /** Reads every reply still due: afterwards the connection is between transactions, nothing unread. */
    void drain() throws IOException {
        while (!inFlight.isEmpty()) {
            readOldest();
        }
    }

    /**
     * After the connection failed: what is known of the messages in flight. Replies the server sent
     * before the failure are read while they can be; a message written and flushed without its final
     * reply is {@link Outcome.Unknown}, one never wholly written {@link Outcome.NotSent}.
     */
    void salvage() {
        try {
            while (!inFlight.isEmpty() && inFlight.peekFirst().handedOver) {
                readNext();
            }
        } catch (IOException | RuntimeException gone) {
            // what the server said before the failure is all there is
        }
        for (InFlight left : inFlight) {
            listener.outcome(left.message.index(), left.handedOver
                    ? new Outcome.Unknown(left.message.messageId()) : new Outcome.NotSent());
        }
        inFlight.clear();
    }

    private void flush() throws IOException {
        write(out::flush);
        handedOver();
    }

    /** After a flush: every text written has left. */
    private void handedOver() {
        for (InFlight sent : inFlight) {
            sent.handedOver |= sent.textWritten;
        }
    }

    /** What writes to the socket. */
    @FunctionalInterface
    private interface Writing {
        void run() throws IOException;
    }

    /**
     * Writes within the time limit: a server that stops reading would block a write for ever, so the
     * socket is closed when the limit passes, which ends the write with an I/O failure.
     */
    private void write(Writing writing) throws IOException {
        ScheduledFuture<?> limit = WriteTimeouts.later(this::abort, writeLimit);
        try {
            writing.run();
        } finally {
            limit.cancel(false);
        }
    }

    private void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is the point; a failure to close changes nothing
        }
    }

    /** Reads one reply and gives it to the message it answers. */
    private void readNext() throws IOException {
        InFlight message = inFlight.peekFirst();
        SmtpReply reply = SmtpReply.read(in, MAX_LINE);
        awaitedReplies--;
        listener.replied(reply.code(), reply.text());
        if (reply.code() == 421) { // the server closes the connection: this message was not taken
            listener.outcome(message.message.index(), new Outcome.NotSent());
            inFlight.removeFirst();
            throw new EOFException("the SMTP server closes the connection: " + reply.text());
        }
        switch (message.stage) {
            case RSET -> {
                if (!reply.positive()) {
                    throw new IOException("the SMTP server refused RSET: " + reply.text());
                }
                message.stage = Stage.MAIL;
            }
            case MAIL -> {
                message.mail = reply;
                message.stage = Stage.RCPT;
            }
            case RCPT -> {
                message.rcpt.add(reply);
                if (message.rcpt.size() == message.message.recipients().size()) {
                    message.stage = chunking ? Stage.FINAL : Stage.DATA;
                }
            }
            case DATA -> {
                if (reply.code() == 354) {
                    message.stage = Stage.FINAL;
                } else {
                    awaitedReplies--; // no text, so no reply to it
                    finish(message, reply, "DATA");
                }
            }
            case FINAL -> finish(message, reply, chunking ? "BDAT" : "DATA");
            default -> throw new IllegalStateException("a reply for a message that has its outcome: " + reply.text());
        }
    }

    private void finish(InFlight message, SmtpReply last, String command) {
        inFlight.removeFirst();
        message.stage = Stage.DONE;
        Outgoing sent = message.message;
        if (!message.mail.positive()) {
            listener.outcome(sent.index(), new Outcome.Refused(new SMTPSendFailedException(sent.mailFrom(),
                    message.mail.code(), message.mail.text(), null, null, null, null)));
            return;
        }
        List<RecipientResult> recipients = new ArrayList<>(sent.recipients().size());
        boolean anyAccepted = false;
        for (int i = 0; i < sent.recipients().size(); i++) {
            SmtpReply reply = message.rcpt.get(i);
            anyAccepted |= reply.positive();
            recipients.add(new RecipientResult(sent.recipients().get(i), reply.positive(), reply.code(), reply.text()));
        }
        if (!anyAccepted) { // the server refused the text for want of recipients, as it should
            listener.outcome(sent.index(), new Outcome.Sent(new SmtpConnection.Delivery(null, recipients)));
        } else if (last.positive()) {
            listener.outcome(sent.index(), new Outcome.Sent(new SmtpConnection.Delivery(sent.messageId(), recipients)));
        } else {
            listener.outcome(sent.index(), new Outcome.Refused(new SMTPSendFailedException(command, last.code(),
                    last.text(), null, null, null, null)));
        }
    }
}
