package io.emailra.it.inbound;

import io.emailra.api.inbound.MailListener;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.mail.MessagingException;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A message-driven bean (declared in the test's ejb-jar.xml, activated by emailra) that records every
 * delivery; it refuses messages whose subject starts with "fail", as an application with a bug would.
 */
public class RecordingMailListener implements MailListener {

    public static final Queue<ReceivedMail> RECEIVED = new ConcurrentLinkedQueue<>();

    @Override
    public void onMail(ReceivedMail mail) {
        RECEIVED.add(mail);
        try {
            if (mail.message().getSubject().startsWith("fail")) {
                throw new IllegalStateException("the test's listener refuses '" + mail.message().getSubject() + "'");
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
