package io.emailra.ra.physical.smtp;

import jakarta.mail.MessagingException;

/** What became of one message of a batch. */
public sealed interface Outcome {

    /** The server answered the message: accepted for some or all recipients, or refused every recipient. */
    record Sent(SmtpConnection.Delivery delivery) implements Outcome {
    }

    /** The server refused the sender or the message. */
    record Refused(MessagingException refusal) implements Outcome {
    }

    /** The application's message could not be written; nothing of it was sent. */
    record Unwritable(IllegalArgumentException failure) implements Outcome {
    }

    /** Handed to the server, and the connection ended before its reply: it may have been accepted. */
    record Unknown(String messageId) implements Outcome {
    }

    /** Not handed to the server (or refused with the connection's end): sending it again cannot make a copy. */
    record NotSent() implements Outcome {
    }
}
