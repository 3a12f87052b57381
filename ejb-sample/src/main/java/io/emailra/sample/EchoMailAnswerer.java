package io.emailra.sample;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.api.inbound.MailListener;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The sample's message-driven bean: answers mail whose subject holds "[echo]", arriving in the
 * mailbox it watches, saying what emailra delivered. Its activation config reads the server and
 * account from the environment — docs/DEPLOYING.md's variables, with the demo's as defaults — so
 * that the same WAR runs everywhere. The answer is marked {@code Auto-Submitted} (RFC 3834) and is
 * itself never answered, so two robots never answer each other forever.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "host", propertyValue = "${MAIL_HOST:127.0.0.1}"),
        @ActivationConfigProperty(propertyName = "port", propertyValue = "${IMAP_PORT:3143}"),
        @ActivationConfigProperty(propertyName = "transportSecurity", propertyValue = "${MAIL_SECURITY:STARTTLS}"),
        @ActivationConfigProperty(propertyName = "userName", propertyValue = "${MAIL_USER:demo@localhost}"),
        @ActivationConfigProperty(propertyName = "password", propertyValue = "${MAIL_PASSWORD:demo-secret}"),
        @ActivationConfigProperty(propertyName = "trustStore", propertyValue = "${TRUST_STORE:}"),
        @ActivationConfigProperty(propertyName = "trustStorePassword", propertyValue = "${TRUST_STORE_PASSWORD:}"),
        @ActivationConfigProperty(propertyName = "filter", propertyValue = "SUBJECT:[echo]"),
        @ActivationConfigProperty(propertyName = "afterDelivery", propertyValue = "KEYWORD:echoed")})
public class EchoMailAnswerer implements MailListener {

    @Resource(name = "mail/smtp")
    SmtpClientFactory smtp;

    @Override
    public void onMail(ReceivedMail mail) {
        try {
            MimeMessage received = mail.message();
            String[] submitted = received.getHeader("Auto-Submitted");
            if (submitted != null && !submitted[0].strip().equalsIgnoreCase("no")) {
                return; // an answer (ours or another robot's): handled, not answered
            }
            Address[] to = received.getRecipients(Message.RecipientType.TO);
            MimeMessage answer = (MimeMessage) received.reply(false);
            if (to != null && to.length > 0) {
                answer.setFrom(to[0]);
            }
            answer.setHeader("Auto-Submitted", "auto-replied");
            answer.setText("emailra delivered your message " + mail.messageId() + " from " + mail.folder() + " (uid "
                    + mail.uid() + ", delivery " + mail.attempt() + ").\n");
            try (SmtpClient client = smtp.getClient()) {
                client.send(answer);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot answer " + mail.messageId() + ": " + e.getMessage(), e);
        }
    }
}
