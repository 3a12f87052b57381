package io.emailra.api;

import java.io.IOException;
import java.io.InputStream;

/**
 * Receives messages one at a time from {@link ImapClient#fetchMessages(java.util.Collection, MessageSink)},
 * as raw RFC 822 bytes, so that many messages pass through without all being held at once.
 */
@FunctionalInterface
public interface MessageSink {

    /**
     * One message. The stream is valid during this call only; what is left unread is skipped, and
     * closing it is not needed.
     *
     * @param uid     the message's UID
     * @param content its raw bytes, as the server has them
     * @throws IOException to end the fetch: it fails with an {@link EmailException} wrapping this, and the
     *                     mail connection stays usable
     */
    void accept(long uid, InputStream content) throws IOException;
}
