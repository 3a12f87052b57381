package io.emailra.api;

/**
 * What became of one message of a batch ({@link SmtpClient#send(java.util.Collection)}).
 *
 * @param index     the message's position in the batch, from 0
 * @param messageId its Message-ID if the server accepted it, else null
 * @param failure   why it was not sent, or null if the server accepted it: the server's refusal
 *                  ({@link EmailProtocolException}), or the application's message that could not
 *                  be written ({@link IllegalArgumentException}, e.g. an unreadable attachment)
 */
public record SendResult(int index, String messageId, RuntimeException failure) {

    public boolean sent() {
        return failure == null;
    }
}
