package io.emailra.ra.physical;

import io.emailra.api.EmailException;

import java.io.IOException;

/** The application's own streams and sinks, which an operation hands messages to. */
public final class CallerStreams {

    private CallerStreams() {
    }

    /**
     * The caller's stream failed: not the mail server's fault, and every command was complete
     * before its bytes were written, so the connection stays usable.
     */
    public static EmailException failed(IOException cause) {
        return failed("writing to the given OutputStream", cause);
    }

    /** The caller's {@link io.emailra.api.MessageSink} failed, as {@link #failed(IOException)}. */
    public static EmailException sinkFailed(IOException cause) {
        return failed("the given MessageSink", cause);
    }

    private static EmailException failed(String what, IOException cause) {
        return new EmailException(what + " failed: " + cause.getMessage() + " (the mail connection stays usable)", cause);
    }
}
