package io.emailra.ra.physical;

import io.emailra.api.MessageFlag;
import io.emailra.ra.config.MailSessions;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.SharedByteArrayInputStream;
import org.eclipse.angus.mail.smtp.SMTPMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;

/** Turns server-backed messages into what the API returns: detached copies and summary fields. */
public final class Messages {

    /**
     * Detached copies need a session: Jakarta Mail 2.1.0 (the one Payara 6 ships) takes its MIME
     * stream provider from it. An empty one connects nowhere.
     */
    private static final Session DETACHED = MailSessions.newSession(new Properties());

    private Messages() {
    }

    /**
     * A fully read copy, bound to no session and no connection. The bytes are read into one buffer
     * of the size the server announced and the copy parses its content from that buffer in place, so
     * a fetch holds the message about once, not three times.
     */
    public static MimeMessage detach(Message message) throws MessagingException {
        MessageBuffer bytes = new MessageBuffer(message.getSize());
        try {
            message.writeTo(bytes);
        } catch (IOException e) {
            throw new MessagingException("cannot read the message: " + e.getMessage(), e);
        }
        return bytes.toMessage();
    }

    /** A message parsed from the bytes as they are: its content stays in that array, not copied. */
    public static MimeMessage detached(byte[] bytes, int offset, int length) throws MessagingException {
        return new MimeMessage(DETACHED, new SharedByteArrayInputStream(bytes, offset, length));
    }

    /**
     * The application's message written out once, before any connection is used: what the server
     * will receive. Writing runs the application's content (data handlers, attachments); if that
     * fails, it fails here, as the application's error, and no connection is left in the middle of a
     * command.
     *
     * @param omitHeaders headers not to write (SMTP never transmits Bcc)
     * @throws IllegalArgumentException if the message cannot be written
     */
    public static SMTPMessage render(MimeMessage message, String... omitHeaders) {
        try {
            message.saveChanges();
            MessageBuffer bytes = new MessageBuffer(-1);
            message.writeTo(bytes, omitHeaders);
            return bytes.asWritten(message);
        } catch (IOException | MessagingException | RuntimeException e) {
            throw new IllegalArgumentException("the message cannot be written (its content failed, not the connection): "
                    + e, e);
        }
    }

    /** Gives the message the application's own SMTP envelope settings, if it made an {@link SMTPMessage}. */
    public static void copyEnvelope(MimeMessage application, SMTPMessage wire) {
        if (application instanceof SMTPMessage envelope) {
            wire.setEnvelopeFrom(envelope.getEnvelopeFrom());
            wire.setNotifyOptions(envelope.getNotifyOptions());
            wire.setReturnOption(envelope.getReturnOption());
            wire.setSubmitter(envelope.getSubmitter());
            wire.setMailExtension(envelope.getMailExtension());
            wire.setAllow8bitMIME(envelope.getAllow8bitMIME());
        }
    }

    /** The session of detached messages: no server, no provider lookup. */
    public static Session detachedSession() {
        return DETACHED;
    }

    /** A byte buffer whose contents become a message without another copy. */
    private static final class MessageBuffer extends ByteArrayOutputStream {

        MessageBuffer(int expectedSize) {
            // A server's size is the exact RFC 822 size; a little more spares a copy if it is not.
            super(expectedSize > 0 ? (int) Math.min(expectedSize + 64L, Integer.MAX_VALUE - 8) : 8192);
        }

        MimeMessage toMessage() throws MessagingException {
            return detached(buf, 0, count);
        }

        Written asWritten(MimeMessage original) {
            return new Written(original, buf, count);
        }
    }

    /**
     * A message as {@link #render} wrote it: writing it writes those bytes again, without parsing or
     * encoding anything a second time; the envelope (From, Sender, recipients), subject, flags and
     * dates Angus reads for SMTP's MAIL FROM and IMAP's APPEND are the original's.
     */
    private static final class Written extends SMTPMessage {

        private final MimeMessage original;
        private final byte[] bytes;
        private final int length;

        Written(MimeMessage original, byte[] bytes, int length) {
            super(DETACHED);
            this.original = original;
            this.bytes = bytes;
            this.length = length;
        }

        /** The bytes as written, whatever the list: the headers to omit were left out when they were written. */
        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            out.write(bytes, 0, length);
        }

        @Override
        public int getSize() {
            return length;
        }

        @Override
        public Address[] getFrom() throws MessagingException {
            return original.getFrom();
        }

        @Override
        public Address getSender() throws MessagingException {
            return original.getSender();
        }

        @Override
        public Address[] getRecipients(Message.RecipientType type) throws MessagingException {
            return original.getRecipients(type);
        }

        @Override
        public Address[] getAllRecipients() throws MessagingException {
            return original.getAllRecipients();
        }

        @Override
        public String getSubject() throws MessagingException {
            return original.getSubject();
        }

        @Override
        public String getMessageID() throws MessagingException {
            return original.getMessageID();
        }

        @Override
        public Flags getFlags() throws MessagingException {
            return original.getFlags();
        }

        @Override
        public Date getSentDate() throws MessagingException {
            return original.getSentDate();
        }

        @Override
        public Date getReceivedDate() throws MessagingException {
            return original.getReceivedDate();
        }
    }

    public static String from(Message message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0) {
            return null;
        }
        return from[0] instanceof InternetAddress internet ? internet.toUnicodeString() : from[0].toString();
    }

    public static Instant date(Message message) throws MessagingException {
        Date date = message.getSentDate();
        if (date == null) {
            date = message.getReceivedDate();
        }
        return date == null ? null : date.toInstant();
    }

    public static Set<MessageFlag> flags(Flags flags) {
        Set<MessageFlag> result = EnumSet.noneOf(MessageFlag.class);
        for (MessageFlag flag : MessageFlag.values()) {
            if (flags.contains(systemFlag(flag))) {
                result.add(flag);
            }
        }
        return result;
    }

    public static Flags flags(Set<MessageFlag> flags) {
        Flags result = new Flags();
        flags.forEach(flag -> result.add(systemFlag(flag)));
        return result;
    }

    private static Flags.Flag systemFlag(MessageFlag flag) {
        return switch (flag) {
            case SEEN -> Flags.Flag.SEEN;
            case ANSWERED -> Flags.Flag.ANSWERED;
            case FLAGGED -> Flags.Flag.FLAGGED;
            case DELETED -> Flags.Flag.DELETED;
            case DRAFT -> Flags.Flag.DRAFT;
        };
    }
}
