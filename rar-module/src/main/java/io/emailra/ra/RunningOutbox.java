package io.emailra.ra;

import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.config.ConfigException;
import io.emailra.ra.config.SendSettings;
import io.emailra.ra.outbox.Outbox;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An ON_COMMIT outbox at work: its courier scheduled on the container's {@link WorkManager} (or on a
 * thread of its own outside a container), sending through a pool of its own over the factory that
 * opened it, so that sending after commit never takes a connection an application waits for.
 */
final class RunningOutbox {

    private static final Logger LOG = Logger.getLogger(RunningOutbox.class.getName());
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Outbox outbox;
    private final NonManagedConnectionManager pool;
    private final String sender;

    private RunningOutbox(Outbox outbox, NonManagedConnectionManager pool, String sender) {
        this.outbox = outbox;
        this.pool = pool;
        this.sender = sender;
    }

    /** The server and account the courier sends through: {@code smtp://host:port as user}. */
    static String sender(SmtpManagedConnectionFactory factory) {
        return factory.config().server() + " as " + factory.config().userName();
    }

    /**
     * Opens the factory's journal and starts its courier.
     *
     * @throws ConfigException if the journal cannot be opened
     */
    static RunningOutbox start(SmtpManagedConnectionFactory factory, WorkManager work) {
        SendSettings settings = factory.sendSettings();
        NonManagedConnectionManager pool = new NonManagedConnectionManager(factory, PoolSettings.defaults());
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        // Opened on an application's thread: the courier must not keep that application's class loader.
        thread.setContextClassLoader(RunningOutbox.class.getClassLoader());
        try {
            SmtpClientFactory clients = (SmtpClientFactory) factory.newConnectionFactory(pool);
            Outbox outbox = Outbox.open(settings.journalDirectory(), sender(factory), clients::getClient,
                    settings.retryForMillis(), factory::inTransaction, factory.statistics());
            if (work != null) {
                work.scheduleWork(outbox.courier());
            } else {
                Thread courier = new Thread(outbox.courier(), "emailra-outbox");
                courier.setDaemon(true);
                courier.start();
            }
            return new RunningOutbox(outbox, pool, sender(factory));
        } catch (IOException | WorkException e) {
            pool.close();
            throw new ConfigException(factory.getClass().getSimpleName(), "journalDirectory", settings.journalDirectory(),
                    "a directory emailra can keep its journal in (" + e + ")");
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    Outbox outbox() {
        return outbox;
    }

    String sender() {
        return sender;
    }

    /** Ends the courier (committed mail stays in the journal for the next start) and closes its pool. */
    void stop() {
        try {
            outbox.stop(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "emailra outbox {0}: interrupted while stopping", outbox.directory());
        } finally {
            pool.close();
        }
    }
}
