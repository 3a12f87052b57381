package io.emailra.api.inbound;

import jakarta.mail.internet.MimeMessage;

/**
 * One message delivered to a {@link MailListener}.
 *
 * @param message     the whole message, a detached copy that never touches a connection
 * @param folder      the folder it arrived in
 * @param uid         its UID in that folder when it was found there
 * @param uidValidity the folder's UIDVALIDITY then
 * @param messageId   its Message-ID header, or null
 * @param attempt     which delivery this is: 1 the first, more after {@code onMail} failed
 */
public record ReceivedMail(MimeMessage message, String folder, long uid, long uidValidity, String messageId, int attempt) {
}
