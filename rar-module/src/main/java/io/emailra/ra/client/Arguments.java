package io.emailra.ra.client;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.util.Collection;
import java.util.Objects;

/** Argument checks run before an operation touches a connection. */
public final class Arguments {

    private Arguments() {
    }

    public static String requireText(String value, String name) {
        Objects.requireNonNull(value, () -> name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    public static long requireUid(long uid) {
        if (uid < 1) {
            throw new IllegalArgumentException("uid must be positive, was " + uid);
        }
        return uid;
    }

    public static int requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }

    public static <T> Collection<T> requireElements(Collection<T> values, String name) {
        Objects.requireNonNull(values, () -> name + " must not be null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        values.forEach(v -> Objects.requireNonNull(v, () -> name + " must not contain null"));
        return values;
    }

    /** A message with at least one recipient; its recipients are read now, before any connection is used. */
    public static MimeMessage requireSendable(MimeMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        Address[] recipients;
        try {
            recipients = message.getAllRecipients();
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot read the message's recipients: " + e.getMessage(), e);
        }
        if (recipients == null || recipients.length == 0) {
            throw new IllegalArgumentException("message has no recipients (To, Cc or Bcc)");
        }
        return message;
    }
}
