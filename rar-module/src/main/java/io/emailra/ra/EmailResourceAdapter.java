package io.emailra.ra;

import io.emailra.api.ImapClientFactory;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.ra.config.WriteTimeouts;
import io.emailra.ra.inbound.EndpointDelivery;
import io.emailra.ra.inbound.InboundServer;
import io.emailra.ra.inbound.InboundSettings;
import io.emailra.ra.inbound.InboundWork;
import io.emailra.ra.inbound.MailActivationSpec;
import io.emailra.ra.inbound.MailboxPoller;
import io.emailra.ra.inbound.Pop3Poller;
import io.emailra.ra.monitor.ConnectionFactoryMonitor;
import io.emailra.ra.pool.IdleEviction;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.transaction.xa.XAResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The resource adapter: outbound connection factories, and inbound delivery to
 * {@link io.emailra.api.inbound.MailListener} message-driven beans. It keeps the bootstrap context's
 * {@link TransactionSynchronizationRegistry}, through which default connections are bound to the
 * active JTA transaction.
 */
public class EmailResourceAdapter implements ResourceAdapter {

    private static final Logger LOG = Logger.getLogger(EmailResourceAdapter.class.getName());

    private volatile TransactionSynchronizationRegistry transactionRegistry;
    private volatile WorkManager workManager;
    private final Map<Activation, Running> activations = new ConcurrentHashMap<>();
    /** The JMX views of the factories associated with this adapter, taken out when it stops. */
    private final Set<ConnectionFactoryMonitor> monitors = ConcurrentHashMap.newKeySet();
    /** The ON_COMMIT outboxes by journal directory: one courier per journal, however many factories share it. */
    private final Map<Path, RunningOutbox> outboxes = new ConcurrentHashMap<>();

    @Override
    public void start(BootstrapContext context) {
        transactionRegistry = context.getTransactionSynchronizationRegistry();
        workManager = context.getWorkManager();
    }

    /**
     * Undeployed: every activation's work ends, and emailra's own threads (write time limits, idle
     * eviction) end now, not after their idle time.
     */
    @Override
    public void stop() {
        for (Activation activation : List.copyOf(activations.keySet())) {
            endpointDeactivation(activation.factory(), activation.spec());
        }
        for (Path journal : List.copyOf(outboxes.keySet())) {
            RunningOutbox outbox = outboxes.remove(journal);
            if (outbox != null) {
                outbox.stop();
            }
        }
        workManager = null;
        transactionRegistry = null;
        monitors.forEach(ConnectionFactoryMonitor::unregister);
        monitors.clear();
        WriteTimeouts.stop();
        IdleEviction.stop();
    }

    /** Keeps the factory's JMX view until the adapter stops (a container never says when it drops a factory). */
    void monitored(ConnectionFactoryMonitor monitor) {
        monitors.add(monitor);
    }

    /** The container's work manager, or null before start and after stop. */
    WorkManager workManager() {
        return workManager;
    }

    /**
     * The outbox of the journal directory, started by the first factory that needs it.
     *
     * @throws IllegalStateException if the resource adapter is not started (or stopped: its outboxes ended)
     */
    RunningOutbox outbox(Path journalDirectory, Supplier<RunningOutbox> start) {
        if (workManager == null) {
            throw new IllegalStateException("the emailra resource adapter is not started: no outbox can send");
        }
        return outboxes.computeIfAbsent(journalDirectory, directory -> start.get());
    }

    /** The container's registry, or null before start, after stop or where the container has none. */
    public TransactionSynchronizationRegistry transactionRegistry() {
        return transactionRegistry;
    }

    /**
     * A {@link io.emailra.api.inbound.MailListener} bean starts receiving: its activation config
     * checked (a wrong value fails the bean's deployment), an IMAP factory with a pool of its own made
     * from it, and a {@link MailboxPoller} scheduled on the container's WorkManager.
     */
    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof MailActivationSpec mail)) {
            throw new NotSupportedException("emailra activates io.emailra.api.inbound.MailListener beans with a "
                    + MailActivationSpec.class.getName() + ", not " + spec);
        }
        WorkManager work = workManager;
        if (work == null) {
            throw new ResourceAdapterInternalException("the emailra resource adapter is not started");
        }
        Thread thread = Thread.currentThread();
        ClassLoader deploying = thread.getContextClassLoader();
        // The container activates a bean on a thread of the deploying application: what is made here,
        // and the work scheduled from here, must not take that application's class loader along.
        thread.setContextClassLoader(EmailResourceAdapter.class.getClassLoader());
        try {
            activate(factory, mail, work);
        } finally {
            thread.setContextClassLoader(deploying);
        }
    }

    private void activate(MessageEndpointFactory factory, MailActivationSpec mail, WorkManager work) throws ResourceException {
        InboundSettings settings = mail.settings();
        boolean pop3 = settings.protocol() == InboundSettings.Protocol.POP3;
        MailManagedConnectionFactory<?> managed = pop3 ? new Pop3ManagedConnectionFactory() : new ImapManagedConnectionFactory();
        managed.setResourceAdapter(this);
        configure(managed, mail.server());
        NonManagedConnectionManager pool = new NonManagedConnectionManager(managed, PoolSettings.defaults());
        try {
            Object clients = managed.createConnectionFactory(pool);
            String mailbox = managed.config().server() + " as " + managed.getUserName() + ", folder '" + settings.folder() + "'";
            EndpointDelivery delivery = new EndpointDelivery(factory, transactionRegistry, managed.statistics());
            InboundWork receiver = pop3 ? new Pop3Poller((Pop3ClientFactory) clients, delivery, settings, mailbox)
                    : new MailboxPoller((ImapClientFactory) clients, delivery, settings, mailbox);
            work.scheduleWork(receiver);
            activations.put(new Activation(factory, mail), new Running(receiver, pool, managed));
        } catch (ResourceException | RuntimeException e) {
            pool.close();
            managed.close();
            throw e;
        }
    }

    /** The activation's own connection factory, set to its server and account (null: the factory's default). */
    private static void configure(MailManagedConnectionFactory<?> managed, InboundServer server) {
        if (server.host() != null) {
            managed.setHost(server.host());
        }
        managed.setPort(server.port());
        if (server.transportSecurity() != null) {
            managed.setTransportSecurity(server.transportSecurity());
        }
        managed.setUserName(server.userName());
        managed.setPassword(server.password());
        if (server.oauth2TokenProvider() != null) {
            managed.setOauth2TokenProvider(server.oauth2TokenProvider());
        }
        managed.setTrustStore(server.trustStore());
        managed.setTrustStorePassword(server.trustStorePassword());
        if (server.checkServerIdentity() != null) {
            managed.setCheckServerIdentity(server.checkServerIdentity());
        }
    }

    /** The bean stops receiving: its work ends (waited for, so no thread is left) and its pool closes. */
    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        Running running = activations.remove(new Activation(factory, spec));
        if (running != null) {
            running.stop();
        }
    }

    /** One bean's activation, as the container names it. */
    private record Activation(MessageEndpointFactory factory, ActivationSpec spec) {
    }

    /** An activation's work, pool and factory. */
    private record Running(InboundWork poller, NonManagedConnectionManager pool, MailManagedConnectionFactory<?> managed) {

        void stop() {
            poller.release();
            try {
                if (!poller.awaitEnd(Duration.ofSeconds(60))) {
                    LOG.log(Level.WARNING, "emailra inbound: an activation's work did not end within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pool.close();
                managed.close();
            }
        }
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0];
    }

    // The JCA specification asks ResourceAdapter JavaBeans for equals and hashCode; each instance is distinct.
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
