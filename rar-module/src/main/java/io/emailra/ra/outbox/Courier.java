package io.emailra.ra.outbox;

import io.emailra.api.EmailException;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.EmailSendException;
import io.emailra.api.RecipientResult;
import io.emailra.api.SendResult;
import io.emailra.api.SmtpClient;
import io.emailra.ra.monitor.FactoryStatistics;
import io.emailra.ra.physical.Messages;
import jakarta.mail.MessagingException;
import jakarta.resource.spi.work.Work;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the journal's committed mail, oldest first, on a container work thread. A lost connection,
 * a 4xx reply or a refused sign-on is tried again after a pause growing from 1 s to
 * {@link #LONGEST_PAUSE}, until {@code retryForMillis} after the message was recorded; a 5xx reply
 * (for the message, or for some recipients) or the end of that time makes a dead letter, logged
 * once with the Message-ID and the reply. An entry leaves the journal only when the server accepted
 * the message for every recipient that did not fail for good.
 */
final class Courier implements Work {

    private static final Logger LOG = Logger.getLogger(Courier.class.getName());
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final Journal journal;
    private final Supplier<SmtpClient> clients;
    private final Duration retryFor;
    private final String name;
    private final FactoryStatistics statistics;
    private final Object signal = new Object();
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Per entry: the failed tries so far and when the next may run. Only the courier's thread uses it. */
    private final Map<Path, Retry> retries = new HashMap<>();
    private volatile boolean stopped;
    private volatile boolean started;
    private boolean woken;
    /** Whether the last failure was the server's or the connection's, not the message's. */
    private boolean serverUnavailable;

    private record Retry(int failures, Instant next) {
    }

    Courier(Journal journal, Supplier<SmtpClient> clients, Duration retryFor, String name, FactoryStatistics statistics) {
        this.statistics = statistics;
        this.journal = journal;
        this.clients = clients;
        this.retryFor = retryFor;
        this.name = name;
    }

    /** A transaction committed: look now. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    @Override
    public void release() {
        stopped = true;
        if (!started) {
            ended.countDown(); // never scheduled (or not yet running: it will see the stop at once)
        }
        wake();
    }

    boolean awaitEnd(Duration wait) throws InterruptedException {
        return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        started = true;
        try {
            while (!stopped) {
                Instant next;
                try {
                    next = sendDue();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "emailra outbox " + name + ": sending failed; trying again", e);
                    next = Instant.now().plus(LONGEST_PAUSE);
                }
                pauseUntil(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /** Sends every entry that is due; returns when the next retry is due (null: none waits). */
    private Instant sendDue() {
        List<Journal.Entry> entries;
        try {
            entries = journal.committed();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "emailra outbox " + name + ": cannot read the journal; trying again", e);
            return Instant.now().plus(LONGEST_PAUSE);
        }
        retries.keySet().retainAll(entries.stream().map(Journal.Entry::file).toList());
        Instant now = Instant.now();
        Instant next = null;
        SmtpClient client = null;
        try {
            for (Journal.Entry entry : entries) {
                if (stopped) {
                    break;
                }
                Retry retry = retries.get(entry.file());
                if (retry != null && retry.next().isAfter(now)) {
                    next = earlier(next, retry.next());
                    continue;
                }
                if (client == null) {
                    client = clients.get();
                }
                serverUnavailable = false;
                Instant again = send(client, entry);
                if (again != null) {
                    next = earlier(next, again);
                    client.close(); // a failure may have been the connection's: the next message gets a fresh one
                    client = null;
                    if (serverUnavailable) {
                        break; // one attempt per pass while the server is down, not one per message
                    }
                }
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
        return next;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    /** Sends one entry; returns when to try it again, or null if it is done (sent or a dead letter). */
    private Instant send(SmtpClient client, Journal.Entry entry) {
        try {
            SendResult result = client.send(Messages.detached(entry.message().content(), 0, entry.message().content().length),
                    entry.message().envelope());
            return settle(entry, result.recipients(), result.failure() == null ? null : result.failure().getMessage());
        } catch (EmailSendException refusedAll) {
            List<RecipientResult> recipients = refusedAll.results().isEmpty() ? List.of()
                    : refusedAll.results().get(0).recipients();
            return recipients.isEmpty() ? failed(entry, refusedAll) : settle(entry, recipients, refusedAll.getMessage());
        } catch (EmailException | MessagingException | IllegalArgumentException e) {
            return failed(entry, e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "emailra outbox " + name + ": sending " + entry.message().messageId() + " failed", e);
            return retryLater(entry, e.toString());
        }
    }

    /** The server answered per recipient: accepted ones are done, 4xx ones tried again, the others dead letters. */
    private Instant settle(Journal.Entry entry, List<RecipientResult> recipients, String failure) {
        // A recipient without a reply (-1) is tried again: only a 5xx says it failed for good.
        List<String> later = recipients.stream().filter(r -> !r.accepted() && (r.replyCode() / 100 == 4 || r.replyCode() < 0))
                .map(RecipientResult::address).toList();
        List<RecipientResult> refused = recipients.stream().filter(r -> !r.accepted() && r.replyCode() >= 500).toList();
        try {
            if (!refused.isEmpty()) {
                deadLetter(entry, refused.stream().map(RecipientResult::address).toList(),
                        refused.stream().map(r -> r.address() + ": " + r.reply()).toList().toString());
            }
            if (later.isEmpty()) {
                journal.delivered(entry);
                retries.remove(entry.file());
                statistics.accepted();
                LOG.log(Level.FINE, "emailra outbox {0}: {1} accepted", new Object[]{name, entry.message().messageId()});
                return null;
            }
            return retryLater(journal.retain(entry, later), failure);
        } catch (IOException e) {
            // The server has it (for some recipients at least); the entry is sent again, within retryForMillis.
            LOG.log(Level.SEVERE, "emailra outbox " + name + ": cannot update the journal for "
                    + entry.message().messageId() + "; it will be sent again", e);
            return retryLater(entry, "the journal could not be updated: " + e);
        }
    }

    /** The message was not accepted for anyone: a transient failure is tried again, any other is final. */
    private Instant failed(Journal.Entry entry, Exception e) {
        serverUnavailable = e instanceof EmailException && !(e instanceof EmailProtocolException);
        boolean transientFailure = serverUnavailable || e instanceof EmailProtocolException refused && refused.isTransient();
        if (transientFailure) {
            return retryLater(entry, e.getMessage());
        }
        finalFailure(entry, e.getMessage());
        return null;
    }

    private Instant retryLater(Journal.Entry entry, String reason) {
        if (Instant.now().isAfter(entry.recordedAt().plus(retryFor))) {
            finalFailure(entry, "not accepted within retryForMillis=" + retryFor.toMillis() + "; last: " + reason);
            return null;
        }
        Retry previous = retries.get(entry.file());
        int failures = previous == null ? 1 : previous.failures() + 1;
        long pause = Math.min(LONGEST_PAUSE.toMillis(), 1000L << Math.min(failures - 1, 20));
        Retry retry = new Retry(failures, Instant.now().plusMillis(pause));
        statistics.retried();
        retries.put(entry.file(), retry);
        if (failures == 1) {
            LOG.log(Level.INFO, "emailra outbox {0}: {1} not sent yet, trying again: {2}",
                    new Object[]{name, entry.message().messageId(), reason});
        }
        return retry.next();
    }

    private void finalFailure(Journal.Entry entry, String reason) {
        try {
            deadLetter(entry, entry.message().envelope().recipients(), reason);
            journal.delivered(entry);
            retries.remove(entry.file());
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "emailra outbox " + name + ": cannot move " + entry.message().messageId()
                    + " to the dead letters", e);
        }
    }

    private void deadLetter(Journal.Entry entry, List<String> recipients, String reason) throws IOException {
        Path letter = journal.deadLetter(entry, recipients, reason);
        statistics.deadLettered();
        LOG.log(Level.WARNING, "emailra outbox {0}: message {1} to {2} was not delivered and is a dead letter ({3}): {4}",
                new Object[]{name, entry.message().messageId(), recipients, letter, reason});
    }

    private void pauseUntil(Instant next) throws InterruptedException {
        synchronized (signal) {
            while (!woken && !stopped) {
                long millis = next == null ? LONGEST_PAUSE.toMillis() : Duration.between(Instant.now(), next).toMillis();
                if (millis <= 0) {
                    break;
                }
                signal.wait(millis);
                if (next == null) {
                    break; // a look now and then also finds what another instance committed into a shared journal
                }
            }
            woken = false;
        }
    }
}
