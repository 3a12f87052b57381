package io.emailra.api;

/**
 * What the SMTP server answered for one envelope recipient ({@code RCPT TO}).
 *
 * @param address   the recipient's address
 * @param accepted  whether the server accepted it (a 2xx reply): the message was delivered to it if
 *                  the message itself was accepted
 * @param replyCode the server's reply code (250, 550, ...), or -1 if unknown
 * @param reply     the server's reply text, e.g. {@code 550 5.1.1 <x@example.com>: Recipient address
 *                  rejected}, or null if unknown
 */
public record RecipientResult(String address, boolean accepted, int replyCode, String reply) {
}
