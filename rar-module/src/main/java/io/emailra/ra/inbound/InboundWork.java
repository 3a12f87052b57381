package io.emailra.ra.inbound;

import io.emailra.ra.monitor.FactoryStatistics;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.spi.work.Work;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One activation's work on the container's WorkManager: receives over a connected session until it
 * is released; a lost connection (or any failure) is retried with a pause growing to a minute,
 * logged once per outage and once when the mailbox works again.
 */
public abstract class InboundWork implements Work {

    private static final Logger LOG = Logger.getLogger(InboundWork.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** What the log calls this activation: server, account and folder. */
    protected final String mailbox;
    private final FactoryStatistics statistics;
    private final Object pause = new Object();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopped;
    private boolean outage;
    private Duration backoff = FIRST_BACKOFF;

    protected InboundWork(String mailbox, FactoryStatistics statistics) {
        this.mailbox = mailbox;
        this.statistics = statistics;
    }

    /** Connects and receives until released (then returns) or until something fails (then throws). */
    protected abstract void receive();

    /**
     * Runs with emailra's class loader as the thread's context class loader (the container may run
     * it with the deploying application's): what the work makes (sessions, Angus's threads) must
     * not hold the application, which outlives the activation only until it is undeployed.
     */
    @Override
    public final void run() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(InboundWork.class.getClassLoader());
        try {
            while (!stopped) {
                try {
                    receive();
                } catch (RuntimeException | Error e) { // the server, or anything else: the activation lives on
                    if (stopped) {
                        break;
                    }
                    statistics.reconnecting();
                    if (!outage) {
                        LOG.log(Level.WARNING, "emailra inbound: {0} failed, trying again with pauses up to {1} s: {2}",
                                new Object[]{mailbox, MAX_BACKOFF.toSeconds(), e.getMessage()});
                        outage = true;
                    }
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            thread.setContextClassLoader(before);
            ended();
            ended.countDown();
        }
    }

    /** Drops what belongs to the application (its endpoints) once the work ended; nothing by default. */
    protected void ended() {
    }

    /** Called after each look at the mailbox that worked: said once the mailbox could be looked at again, not on connecting. */
    protected final void lookedAt() {
        if (outage) {
            LOG.log(Level.INFO, "emailra inbound: {0} works again", mailbox);
            outage = false;
            backoff = FIRST_BACKOFF;
        }
    }

    protected final boolean stopped() {
        return stopped;
    }

    /** Asks the work to end: it does once the operation it is in returns (bounded by the read time limit). */
    @Override
    public final void release() {
        stopped = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        wakeUp();
    }

    /** Ends a wait for news at once (called by {@link #release()}, on another thread); nothing by default. */
    protected void wakeUp() {
    }

    /** Whether the work ended within the time. */
    public final boolean awaitEnd(Duration limit) throws InterruptedException {
        return ended.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The message's Message-ID, or null. */
    protected static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            return null;
        }
    }

    /** Waits for the time, or until released. */
    protected final void pause(Duration time) {
        synchronized (pause) {
            if (!stopped) {
                try {
                    pause.wait(time.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    release();
                }
            }
        }
    }
}
