package io.emailra.api;

import java.util.List;

/**
 * What became of one message: of a batch ({@link SmtpClient#send(java.util.Collection)}), or of
 * a send to an {@link Envelope}.
 *
 * @param index      the message's position in the batch, from 0
 * @param messageId  its Message-ID if the server accepted it for at least one recipient, else null
 * @param failure    null if the server accepted the message for every recipient; else why not: the
 *                   server's refusal ({@link EmailProtocolException}; with a Message-ID, the
 *                   recipients it refused, the others got the message), or the application's
 *                   message that could not be written ({@link IllegalArgumentException}, e.g. an
 *                   unreadable attachment)
 * @param recipients the server's answer for each envelope recipient, in order; empty if the
 *                   message never reached the recipients (it could not be written, or the server
 *                   refused the sender)
 */
public record SendResult(int index, String messageId, RuntimeException failure, List<RecipientResult> recipients) {

    public SendResult {
        recipients = List.copyOf(recipients);
    }

    /** Whether the message went to every recipient. */
    public boolean sent() {
        return failure == null;
    }

    /** The recipients the server refused, with its replies. */
    public List<RecipientResult> refused() {
        return recipients.stream().filter(r -> !r.accepted()).toList();
    }
}
