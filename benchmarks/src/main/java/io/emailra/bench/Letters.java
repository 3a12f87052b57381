package io.emailra.bench;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.util.Properties;

/** The small messages every contender sends: the same addresses, subject and ~200 bytes of text. */
public final class Letters {

    public static final String TEXT = "emailra benchmark. ".repeat(10) + "\n";
    private static final Session PLAIN = Session.getInstance(new Properties());

    private Letters() {
    }

    public static String subject(int index) {
        return "benchmark " + index;
    }

    public static MimeMessage mime(String from, String to, int index) {
        return mime(PLAIN, from, to, index);
    }

    /** A message of the given session, which {@code Transport.send} connects with. */
    public static MimeMessage mime(Session session, String from, String to, int index) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from));
            message.setRecipients(MimeMessage.RecipientType.TO, to);
            message.setSubject(subject(index));
            message.setText(TEXT);
            return message;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("cannot build benchmark message " + index, e);
        }
    }
}
