package io.emailra.api;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The SMTP envelope of a send ({@link SmtpClient#send(jakarta.mail.internet.MimeMessage, Envelope)}):
 * who the server delivers to and where bounces go, whatever the message's headers say — for Bcc-style
 * fan-out, VERP and bounce addresses — and what delivery status notifications (RFC 3461) to ask for.
 *
 * @param sender     the envelope sender ({@code MAIL FROM}), where bounces go; {@code ""} for the null
 *                   sender {@code <>}; null for the message's Sender or From
 * @param recipients the envelope recipients ({@code RCPT TO}), at least one
 * @param notifyOn   when to notify the sender ({@code NOTIFY}); empty for the server's default
 * @param dsnReturn  what a notification returns ({@code RET}), or null for the server's default
 */
public record Envelope(String sender, List<String> recipients, Set<Notify> notifyOn, DsnReturn dsnReturn) {

    /** {@code NOTIFY}: NEVER alone, or any of the others. */
    public enum Notify { NEVER, SUCCESS, FAILURE, DELAY }

    /** {@code RET}: the whole message or its headers. */
    public enum DsnReturn { FULL, HEADERS }

    public Envelope {
        if (sender != null && !sender.isEmpty()) {
            checkAddress(sender, "the envelope sender");
        }
        Objects.requireNonNull(recipients, "recipients must not be null");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
        recipients.forEach(recipient -> checkAddress(recipient, "an envelope recipient"));
        recipients = List.copyOf(recipients);
        notifyOn = notifyOn == null || notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
        if (notifyOn.contains(Notify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with " + notifyOn);
        }
    }

    /** An envelope to these recipients, from the message's own sender, with the server's DSN defaults. */
    public static Envelope to(String... recipients) {
        return new Envelope(null, List.of(recipients), Set.of(), null);
    }

    public Envelope withSender(String sender) {
        return new Envelope(sender, recipients, notifyOn, dsnReturn);
    }

    public Envelope withNotify(Notify... when) {
        return new Envelope(sender, recipients, Set.of(when), dsnReturn);
    }

    public Envelope withReturn(DsnReturn what) {
        return new Envelope(sender, recipients, notifyOn, what);
    }

    private static void checkAddress(String address, String name) {
        Objects.requireNonNull(address, () -> name + " must not be null");
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (parsed.isGroup() || parsed.getPersonal() != null || !parsed.getAddress().equals(address)) {
                throw new IllegalArgumentException(name + " must be a bare address such as a@example.com: '"
                        + address.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        } catch (AddressException e) {
            throw new IllegalArgumentException(name + " '" + address.replaceAll("\\p{Cntrl}", "?") + "' is not an address: "
                    + e.getMessage(), e);
        }
    }
}
