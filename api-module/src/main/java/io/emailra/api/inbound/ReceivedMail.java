package io.emailra.api.inbound;

import jakarta.mail.internet.MimeMessage;

/**
 * One message delivered to a {@link MailListener}.
 *
 * @param message     the whole message, a detached copy that never touches a connection
 * @param folder      the folder it arrived in (POP3: INBOX)
 * @param uid         its IMAP UID in that folder when it was found there (POP3: -1)
 * @param uidValidity the folder's UIDVALIDITY then (POP3: -1)
 * @param pop3Uid     its POP3 unique id (UIDL), or null over IMAP
 * @param messageId   its Message-ID header, or null
 * @param attempt     which delivery this is: 1 the first, more after {@code onMail} failed
 */
public record ReceivedMail(MimeMessage message, String folder, long uid, long uidValidity, String pop3Uid, String messageId,
                           int attempt) {
}
