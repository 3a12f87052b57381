package io.emailra.api;

import java.time.Instant;

/**
 * The summary of a POP3 message.
 *
 * @param number  the message number in the current POP3 session, from 1
 * @param uid     the server's unique id (UIDL), stable across sessions, or null
 * @param subject the decoded subject, or null
 * @param from    the first From address as text, or null
 * @param date    the sent date, or null
 * @param size    the size in bytes as the server reports it, or -1
 */
public record Pop3MessageInfo(int number, String uid, String subject, String from, Instant date, int size) {
}
