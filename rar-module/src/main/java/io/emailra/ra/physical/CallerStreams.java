package io.emailra.ra.physical;

import io.emailra.api.EmailException;

import java.io.IOException;

/** The application's own streams, which an operation writes to. */
public final class CallerStreams {

    private CallerStreams() {
    }

    /**
     * The caller's stream failed: not the mail server's fault, and every command was complete
     * before its bytes were written, so the connection stays usable.
     */
    public static EmailException failed(IOException cause) {
        return new EmailException("writing to the given OutputStream failed: " + cause.getMessage()
                + " (the mail connection stays usable)", cause);
    }
}
