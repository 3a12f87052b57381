package io.emailra.api.inbound;

/**
 * The message listener type of emailra's inbound resource adapter: a message-driven bean that
 * implements it receives the mail arriving in a mailbox.
 *
 * <pre>{@code
 * @MessageDriven(activationConfig = {
 *         @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = "emailra"),
 *         @ActivationConfigProperty(propertyName = "host", propertyValue = "mail.example.com"),
 *         @ActivationConfigProperty(propertyName = "userName", propertyValue = "orders@example.com"),
 *         @ActivationConfigProperty(propertyName = "password", propertyValue = "secret"),
 *         @ActivationConfigProperty(propertyName = "afterDelivery", propertyValue = "MOVE:Processed")})
 * public class OrderMail implements MailListener {
 *     public void onMail(ReceivedMail mail) { ... }
 * }
 * }</pre>
 *
 * <p>A message is marked handled (as {@code afterDelivery} says) only after {@code onMail} returned
 * normally; if it throws, the message is delivered again, up to {@code maxDeliveryAttempts} times,
 * and then moved to the {@code poisonFolder}.
 */
public interface MailListener {

    void onMail(ReceivedMail mail);
}
