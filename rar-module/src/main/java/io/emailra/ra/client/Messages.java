package io.emailra.ra.client;

import io.emailra.api.MessageFlag;
import io.emailra.ra.config.MailSessions;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

    /** A fully read copy, bound to no session and no connection. */
    public static MimeMessage detach(Message message) throws MessagingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(message.getSize(), 1024));
        try {
            message.writeTo(bytes);
        } catch (IOException e) {
            throw new MessagingException("cannot read the message: " + e.getMessage(), e);
        }
        return new MimeMessage(DETACHED, new ByteArrayInputStream(bytes.toByteArray()));
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
