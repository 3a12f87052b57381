package io.emailra.api;

/** The IMAP system flags a client can read and set. */
public enum MessageFlag {
    SEEN, ANSWERED, FLAGGED, DELETED, DRAFT
}
