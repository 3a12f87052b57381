package io.emailra.ra.physical;

import io.emailra.api.EmailProtocolException;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's refusal as an {@link EmailProtocolException} that carries what the server said in
 * codes: the SMTP reply and enhanced status code, the IMAP or POP3 response code.
 */
public final class Refusals {

    private static final Pattern ENHANCED_STATUS = Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.])");
    private static final Pattern RESPONSE_CODE = Pattern.compile("\\[([A-Z][A-Z0-9/-]*)[\\] ]");

    private Refusals() {
    }

    public static EmailProtocolException of(String message, MessagingException cause) {
        int replyCode = -1;
        String reply = null;
        String responseCode = null;
        for (Throwable failure = cause; failure != null; failure = next(failure)) {
            if (replyCode == -1) {
                replyCode = smtpReplyCode(failure);
                if (replyCode != -1) {
                    reply = failure.getMessage();
                }
            }
            if (responseCode == null && failure.getMessage() != null) {
                Matcher code = RESPONSE_CODE.matcher(failure.getMessage());
                responseCode = code.find() ? code.group(1) : null;
            }
        }
        if (reply != null) {
            responseCode = null; // an SMTP reply's brackets are not a response code
        }
        return new EmailProtocolException(message, cause, replyCode, enhancedStatus(reply), responseCode);
    }

    /** A refusal from an SMTP reply the caller already has: its code and text. */
    public static EmailProtocolException ofReply(String message, int replyCode, String reply) {
        return new EmailProtocolException(message, null, replyCode, enhancedStatus(reply), null);
    }

    /** The enhanced status code (RFC 3463, {@code 4.7.1}) in an SMTP reply, or null. */
    public static String enhancedStatus(String reply) {
        Matcher status = ENHANCED_STATUS.matcher(reply == null ? "" : reply);
        return status.find() ? status.group(1) : null;
    }

    private static int smtpReplyCode(Throwable failure) {
        if (failure instanceof SMTPAddressFailedException address) {
            return address.getReturnCode();
        }
        if (failure instanceof SMTPSendFailedException send) {
            return send.getReturnCode();
        }
        if (failure instanceof SMTPSenderFailedException sender) {
            return sender.getReturnCode();
        }
        return -1;
    }

    /** The next failure: a MessagingException's next exception (Angus chains per-address failures there), else the cause. */
    private static Throwable next(Throwable failure) {
        if (failure instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != failure) {
            return messaging.getNextException();
        }
        return failure.getCause() == failure ? null : failure.getCause();
    }
}
