package io.emailra.ra.inbound;

import java.time.Duration;

/**
 * What an activation receives and what it does with it, validated ({@link MailActivationSpec#settings()}).
 *
 * @param folder              the folder watched
 * @param receiveMode         how the activation learns of new mail: IDLE, POLL, or AUTO (IDLE where the server has it)
 * @param idleRefresh         how long one IDLE lasts before it is issued again (and the longest an
 *                            undeployment waits for it)
 * @param pollInterval        how long to wait between looks at the folder when it had nothing new (POLL)
 * @param afterDelivery       what marks a message handled once {@code onMail} returned normally
 * @param maxDeliveryAttempts deliveries of one message before it goes to the poison folder
 * @param poisonFolder        where a message goes that failed every attempt
 * @param claimFolder         where a message is moved while it is delivered: the move is the claim,
 *                            which only one activation on the mailbox can win
 * @param maxMessagesPerPoll  the most messages claimed in one look
 */
public record InboundSettings(String folder, ReceiveMode receiveMode, Duration idleRefresh, Duration pollInterval, AfterDelivery afterDelivery, int maxDeliveryAttempts,
                              String poisonFolder, String claimFolder, int maxMessagesPerPoll) {

    /** How an activation learns of new mail. */
    public enum ReceiveMode { IDLE, POLL, AUTO }
}
