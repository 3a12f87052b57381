package io.emailra.it.bench;

import io.emailra.api.inbound.MailListener;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.mail.MessagingException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The benchmark's message-driven beans: each records when a message reached {@code onMail}, and how often. */
public class ArrivalRecorder implements MailListener {

    public static final Map<String, Long> ARRIVED = new ConcurrentHashMap<>();
    public static final Map<String, AtomicInteger> DELIVERIES = new ConcurrentHashMap<>();

    @Override
    public void onMail(ReceivedMail mail) {
        long now = System.nanoTime();
        try {
            String subject = mail.message().getSubject();
            ARRIVED.putIfAbsent(subject, now);
            DELIVERIES.computeIfAbsent(subject, s -> new AtomicInteger()).incrementAndGet();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bean that waits with IDLE. */
    public static class Idle extends ArrivalRecorder {
    }

    /** The bean that polls. */
    public static class Poll extends ArrivalRecorder {
    }
}
