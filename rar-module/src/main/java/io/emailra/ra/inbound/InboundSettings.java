package io.emailra.ra.inbound;

import java.time.Duration;

/**
 * What an activation receives and what it does with it, validated ({@link MailActivationSpec#settings()}).
 *
 * @param protocol            IMAP or POP3
 * @param folder              the folder watched
 * @param receiveMode         how the activation learns of new mail: IDLE, POLL, or AUTO (IDLE where the server has it)
 * @param idleRefresh         how long one IDLE lasts before it is issued again
 * @param pollInterval        how long to wait between looks at the folder when it had nothing new (POLL)
 * @param afterDelivery       what marks a message handled once {@code onMail} returned normally
 * @param maxDeliveryAttempts deliveries of one message before it goes to the poison folder
 * @param poisonFolder        where a message goes that failed every attempt
 * @param claimFolder         where a claimed message is while it is delivered, found again if a
 *                            delivery is cut short
 * @param maxMessagesPerPoll  the most messages delivered in one look
 * @param filter              which messages are delivered
 * @param claimTimeout        how long a claim may be held before it is taken for abandoned (its
 *                            activation stopped): longer than any delivery takes
 */
public record InboundSettings(Protocol protocol, String folder, ReceiveMode receiveMode, Duration idleRefresh,
                              Duration pollInterval, AfterDelivery afterDelivery, int maxDeliveryAttempts, String poisonFolder,
                              String claimFolder, int maxMessagesPerPoll, InboundFilter filter,
                              Duration claimTimeout) {

    /** The protocol an activation receives with. */
    public enum Protocol { IMAP, POP3 }

    /** How an activation learns of new mail. */
    public enum ReceiveMode { IDLE, POLL, AUTO }
}
