package io.emailra.ra.inbound;

import java.time.Duration;

/**
 * What an activation receives and what it does with it, validated ({@link MailActivationSpec#settings()}).
 *
 * @param folder              the folder watched
 * @param pollInterval        how long to wait between looks at the folder when it had nothing new
 * @param afterDelivery       what marks a message handled once {@code onMail} returned normally
 * @param maxDeliveryAttempts deliveries of one message before it goes to the poison folder
 * @param poisonFolder        where a message goes that failed every attempt
 * @param claimFolder         where a message is moved while it is delivered: the move is the claim,
 *                            which only one activation on the mailbox can win
 * @param maxMessagesPerPoll  the most messages claimed in one look
 */
public record InboundSettings(String folder, Duration pollInterval, AfterDelivery afterDelivery, int maxDeliveryAttempts,
                              String poisonFolder, String claimFolder, int maxMessagesPerPoll) {
}
