package io.emailra.it;

import io.emailra.api.MessageInfo;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.List;
import java.util.Properties;

/** Test messages, built with the server's Jakarta Mail, as an application would. */
final class Mail {

    private Mail() {
    }

    static MimeMessage message(String to, String subject, String text) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress("tests@localhost"));
            message.setRecipients(MimeMessage.RecipientType.TO, to);
            message.setSubject(subject);
            message.setText(text);
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> subjects(List<MessageInfo> messages) {
        return messages.stream().map(MessageInfo::subject).toList();
    }
}
