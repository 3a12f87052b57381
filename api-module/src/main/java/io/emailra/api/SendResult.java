package io.emailra.api;

/**
 * What became of one message of a batch ({@link SmtpClient#send(java.util.Collection)}).
 *
 * @param index     the message's position in the batch, from 0
 * @param messageId its Message-ID if the server accepted it, else null
 * @param failure   why the server refused it, or null if it was accepted
 */
public record SendResult(int index, String messageId, EmailProtocolException failure) {

    public boolean sent() {
        return failure == null;
    }
}
