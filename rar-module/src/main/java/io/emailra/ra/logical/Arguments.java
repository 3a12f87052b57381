package io.emailra.ra.logical;

import io.emailra.api.SearchQuery;
import io.emailra.ra.config.ControlCharacters;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
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

    /** A non-empty collection of positive UIDs, at most {@value #MAX_UIDS}: a copy. */
    public static List<Long> requireUids(Collection<Long> uids) {
        List<Long> checked = List.copyOf(requireElements(uids, "uids"));
        if (checked.size() > MAX_UIDS) {
            throw new IllegalArgumentException("uids has " + checked.size() + " elements; at most " + MAX_UIDS
                    + " per operation (split the collection)");
        }
        checked.forEach(Arguments::requireUid);
        return checked;
    }

    /** A custom keyword, by the API's one rule for keywords ({@link SearchQuery.Keyword}). */
    public static String requireKeyword(String keyword) {
        return new SearchQuery.Keyword(keyword).keyword();
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

    /** Most UIDs one operation takes: their set goes into one command line, which servers bound. */
    public static final int MAX_UIDS = 10_000;

    /** Longest folder name accepted; real ones are far shorter, and servers drop overlong commands. */
    public static final int MAX_FOLDER_LENGTH = 1_000;

    /**
     * A folder name: not blank, not longer than {@value #MAX_FOLDER_LENGTH} characters, and no
     * control characters (CR, LF, NUL) that could split an IMAP command.
     */
    public static String requireFolder(String value, String name) {
        requireText(value, name);
        ControlCharacters.refuse(value, name, true);
        requireMaxLength(value, name, MAX_FOLDER_LENGTH);
        return value;
    }

    /** A MIME part id as IMAP numbers parts: {@code 1}, {@code 2.1}, ... */
    public static String requirePartId(String value) {
        Objects.requireNonNull(value, "partId must not be null");
        if (!value.matches("[1-9][0-9]{0,5}(\\.[1-9][0-9]{0,5}){0,31}")) {
            throw new IllegalArgumentException("partId '" + value.replaceAll("\\p{Cntrl}", "?") + "' is not a part number"
                    + " such as 1 or 2.1 (see fetchStructure)");
        }
        return value;
    }

    private static String requireMaxLength(String value, String name, int max) {
        if (value.length() > max) {
            throw new IllegalArgumentException(name + " is " + value.length() + " characters long; at most " + max
                    + " are accepted");
        }
        return value;
    }

    /**
     * A message that can be sent as it is: at least one recipient, every address (From, To, Cc, Bcc,
     * Reply-To) valid, and no header that a line break would split into two (header injection).
     * Checked before any connection is used.
     */
    public static MimeMessage requireSendable(MimeMessage message) {
        return requireSendable(message, true);
    }

    /** As above; with {@code ownRecipients} false, recipients come from an envelope and the headers may have none. */
    public static MimeMessage requireSendable(MimeMessage message, boolean ownRecipients) {
        Objects.requireNonNull(message, "message must not be null");
        try {
            Address[] recipients = message.getAllRecipients();
            if (ownRecipients && (recipients == null || recipients.length == 0)) {
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
        return ControlCharacters.printable(value);
    }
}
