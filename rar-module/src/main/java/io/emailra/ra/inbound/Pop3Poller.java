package io.emailra.ra.inbound;

import io.emailra.api.AllocationMode;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A POP3 activation's work: polls the mailbox, delivers each message by its UIDL, and deletes those
 * delivered; the deletions take effect when the look ends (POP3's QUIT), so a connection lost before
 * that leaves them to be delivered again: at least once. POP3 keeps nothing on a message, so the
 * failed attempts are counted here, by UIDL, and a message that failed every attempt is left on the
 * server and no longer delivered (logged once); both are forgotten when the activation restarts.
 * POP3 has no way to claim a message: one activation per mailbox.
 */
public final class Pop3Poller extends InboundWork {

    private static final Logger LOG = Logger.getLogger(Pop3Poller.class.getName());
    /**
     * The longest a look delivers before it ends (QUIT, making its deletions take effect): well
     * within the ten minutes a POP3 server may wait before it ends an idle session, losing them.
     */
    private static final Duration LOOK_LIMIT = Duration.ofSeconds(60);

    private final Pop3ClientFactory clients;
    /** The bean's endpoints; dropped when the work ends (a pooled container thread may keep the work). */
    private EndpointDelivery delivery;
    private final InboundSettings settings;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<String> poisoned = new HashSet<>();
    /** Messages the filter turned away, by UIDL: their headers do not change, so they are not fetched again. */
    private final Set<String> filteredOut = new HashSet<>();

    public Pop3Poller(Pop3ClientFactory clients, EndpointDelivery delivery, InboundSettings settings, String mailbox) {
        super(mailbox, delivery.statistics());
        this.clients = clients;
        this.delivery = delivery;
        this.settings = settings;
    }

    @Override
    protected void ended() {
        delivery = null;
    }

    @Override
    protected void receive() {
        try (Pop3Client client = clients.getClient(AllocationMode.USE_MAIN)) {
            while (!stopped()) {
                int delivered = pollOnce(client);
                lookedAt();
                if (delivered == 0) {
                    pause(settings.pollInterval());
                }
            }
        }
    }

    /** One look (one POP3 session): delivers what is new, up to maxMessagesPerPoll; how many were handled. */
    private int pollOnce(Pop3Client client) {
        List<Pop3MessageInfo> messages = client.listMessages();
        Set<String> present = new HashSet<>(messages.stream().map(Pop3MessageInfo::uid).toList());
        failures.keySet().retainAll(present);
        poisoned.retainAll(present);
        filteredOut.retainAll(present);
        int handled = 0;
        int tried = 0;
        long started = System.nanoTime();
        for (Pop3MessageInfo info : messages) {
            String uid = info.uid();
            if (stopped() || tried == settings.maxMessagesPerPoll() || System.nanoTime() - started > LOOK_LIMIT.toNanos()) {
                break;
            }
            if (poisoned.contains(uid) || filteredOut.contains(uid)) {
                continue;
            }
            MimeMessage message = client.fetchMessage(uid);
            if (!matches(message)) {
                filteredOut.add(uid);
                continue;
            }
            tried++;
            int attempt = failures.getOrDefault(uid, 0) + 1;
            String messageId = messageId(message);
            EndpointDelivery.Outcome outcome = delivery.deliver(new ReceivedMail(message, "INBOX", -1, -1, uid, messageId, attempt));
            if (outcome.result() == EndpointDelivery.Result.NOT_READY) {
                break; // not an attempt: the bean cannot take it now, nor the next ones
            }
            switch (outcome.result()) {
                case HANDLED -> {
                    client.deleteMessage(uid);
                    failures.remove(uid);
                    handled++;
                }
                case FAILED -> {
                    if (attempt >= settings.maxDeliveryAttempts()) {
                        failures.remove(uid);
                        poisoned.add(uid);
                        delivery.poisoned();
                        LOG.log(Level.WARNING, "emailra inbound: {0}: message {1} (UIDL {2}) failed {3} deliveries; it stays on"
                                + " the server and is not delivered again until the activation restarts; the last failure: {4}",
                                new Object[]{mailbox, messageId, uid, attempt, outcome.failure().toString()});
                    } else {
                        failures.put(uid, attempt);
                    }
                }
                default -> throw new IllegalStateException(outcome.result().name());
            }
        }
        client.commitDeletes();
        return handled;
    }

    private boolean matches(MimeMessage message) {
        try {
            return settings.filter().matches(message);
        } catch (MessagingException e) {
            throw new IllegalStateException("emailra inbound: " + mailbox + ": cannot read a message's headers: " + e.getMessage(), e);
        }
    }
}
