package io.emailra.api;

import java.time.Instant;
import java.util.Set;

/**
 * The summary of an IMAP message.
 *
 * @param uid         the message's UID in its folder
 * @param uidValidity the folder's UIDVALIDITY when the UID was read: a stored UID names this message
 *                    only while the folder's UIDVALIDITY is the same (RFC 9051 §2.3.1.1)
 * @param subject the decoded subject, or null
 * @param from    the first From address as text, or null
 * @param date    the sent date, else the received date, or null
 * @param size    the size in bytes as the server reports it, or -1
 * @param flags   the system flags set on the message
 * @param keywords the custom keywords set on the message ({@link ImapClient#addFlags})
 */
public record MessageInfo(long uid, long uidValidity, String subject, String from, Instant date, int size,
                          Set<MessageFlag> flags, Set<String> keywords) {

    public MessageInfo {
        flags = Set.copyOf(flags);
        keywords = Set.copyOf(keywords);
    }
}
