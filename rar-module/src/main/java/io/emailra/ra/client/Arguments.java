package io.emailra.ra.client;

import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Collection;
import java.util.Enumeration;
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

    /** A folder name: not blank, and no control characters (CR, LF, NUL) that could split an IMAP command. */
    public static String requireFolder(String value, String name) {
        requireText(value, name);
        if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(name + " must not contain control characters: " + printable(value));
        }
        return value;
    }

    /**
     * A message that can be sent as it is: at least one recipient, every address (From, To, Cc, Bcc,
     * Reply-To) valid, and no header that a line break would split into two (header injection).
     * Checked before any connection is used.
     */
    public static MimeMessage requireSendable(MimeMessage message) {
        Objects.requireNonNull(message, "message must not be null");
        try {
            Address[] recipients = message.getAllRecipients();
            if (recipients == null || recipients.length == 0) {
                throw new IllegalArgumentException("message has no recipients (To, Cc or Bcc)");
            }
            requireValid(recipients);
            requireValid(message.getFrom());
            requireValid(message.getReplyTo());
            for (Enumeration<Header> headers = message.getAllHeaders(); headers.hasMoreElements(); ) {
                Header header = headers.nextElement();
                if (splitsLine(header.getName()) || splitsLine(header.getValue())) {
                    throw new IllegalArgumentException("header '" + printable(header.getName())
                            + "' contains a line break that would start a new header: "
                            + printable(header.getValue()));
                }
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException("invalid address '" + printable(e.getRef()) + "': " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot read the message's headers: " + e.getMessage(), e);
        }
        return message;
    }

    private static void requireValid(Address[] addresses) {
        if (addresses == null) {
            return;
        }
        for (Address address : addresses) {
            String text = address.toString();
            if (splitsLine(text)) {
                throw new IllegalArgumentException("address contains a line break: " + printable(text));
            }
            if (address instanceof InternetAddress internet) {
                try {
                    internet.validate();
                } catch (AddressException e) {
                    throw new IllegalArgumentException("invalid address '" + printable(text) + "': " + e.getMessage(), e);
                }
            }
        }
    }

    /** A CR or LF not followed by the space or tab that folds a header onto the next line. */
    private static boolean splitsLine(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' && i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                i++;
                c = '\n';
            }
            if (c == '\r' || c == '\n') {
                boolean folded = i + 1 < value.length() && (value.charAt(i + 1) == ' ' || value.charAt(i + 1) == '\t');
                if (!folded) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String printable(String value) {
        return value == null ? null : value.replace("\r", "\\r").replace("\n", "\\n");
    }
}
