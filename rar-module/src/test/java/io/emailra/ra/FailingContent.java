package io.emailra.ra;

import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Properties;

/** A message whose attachment fails after 64 kB, as an application's unreadable attachment does. */
final class FailingContent {

    private static final int FAILS_AFTER = 64 * 1024;

    private FailingContent() {
    }

    /**
     * @param failure thrown by the attachment's stream after 64 kB; null for an {@link IOException}
     */
    static MimeMessage message(String from, String to, String subject, RuntimeException failure) {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
            message.setFrom(new InternetAddress(from));
            message.setRecipients(MimeMessage.RecipientType.TO, to);
            message.setSubject(subject);
            MimeBodyPart text = new MimeBodyPart();
            text.setText("see the attachment");
            MimeBodyPart attachment = new MimeBodyPart();
            attachment.setDataHandler(new DataHandler(new Source(failure)));
            attachment.setFileName("report.bin");
            message.setContent(new MimeMultipart(text, attachment));
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Source(RuntimeException failure) implements DataSource {

        @Override
        public InputStream getInputStream() {
            return new InputStream() {
                private int read;

                @Override
                public int read() throws IOException {
                    if (read++ < FAILS_AFTER) {
                        return 'x';
                    }
                    if (failure != null) {
                        throw failure;
                    }
                    throw new IOException("attachment unreadable after " + FAILS_AFTER + " bytes");
                }
            };
        }

        @Override
        public OutputStream getOutputStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getContentType() {
            return "application/octet-stream";
        }

        @Override
        public String getName() {
            return "report.bin";
        }
    }
}
