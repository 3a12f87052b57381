package io.emailra.it.inbound;

import io.emailra.api.inbound.MailListener;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.mail.MessagingException;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A message-driven bean deployed in an application of its own (declared in its ejb-jar.xml) that
 * records the subject of every delivery where the test, another application, sees it: in a JDK queue
 * kept under a system property, the one place both class loaders share. It refuses messages whose
 * subject starts with "fail", as an application with a bug would.
 */
public class CountingMailListener implements MailListener {

    private static final String DELIVERIES = "emailra.it.inbound.deliveries";

    @SuppressWarnings("unchecked")
    public static Queue<String> deliveries() {
        return (Queue<String>) System.getProperties().computeIfAbsent(DELIVERIES, key -> new ConcurrentLinkedQueue<String>());
    }

    @Override
    public void onMail(ReceivedMail mail) {
        String subject;
        try {
            subject = mail.message().getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
        deliveries().add(subject);
        if (subject.startsWith("fail")) {
            throw new IllegalStateException("the test's listener refuses '" + subject + "'");
        }
    }
}
