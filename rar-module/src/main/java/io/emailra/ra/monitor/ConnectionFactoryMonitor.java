package io.emailra.ra.monitor;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A connection factory's {@link ConnectionFactoryMXBean}, registered in the platform MBean server. */
public final class ConnectionFactoryMonitor implements ConnectionFactoryMXBean {

    private static final Logger LOG = Logger.getLogger(ConnectionFactoryMonitor.class.getName());
    private static final AtomicLong INSTANCES = new AtomicLong(1);

    private final String server;
    private final FactoryStatistics statistics;
    private final IntSupplier open;
    private final Supplier<Map<String, Integer>> learnedCaps;
    private final Supplier<Backlog> backlog;
    private volatile ObjectName name;

    /**
     * @param server      the server and account, never a password
     * @param open        the physical connections open now
     * @param learnedCaps the caps learned per user
     * @param backlog     the ON_COMMIT backlog, asked each time (the outbox may open later)
     */
    public ConnectionFactoryMonitor(String server, FactoryStatistics statistics, IntSupplier open,
                                    Supplier<Map<String, Integer>> learnedCaps, Supplier<Backlog> backlog) {
        this.server = server;
        this.statistics = statistics;
        this.open = open;
        this.learnedCaps = learnedCaps;
        this.backlog = backlog;
    }

    /**
     * Registers it as {@code io.emailra:type=ConnectionFactory,protocol=…,name=…}; another factory of
     * the same server and account gets an {@code instance} number as well. A failure is logged, never
     * thrown: monitoring must not stop mail.
     */
    public void register(String protocol) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        String base = "io.emailra:type=ConnectionFactory,protocol=" + protocol + ",name=" + ObjectName.quote(server);
        try {
            ObjectName candidate = new ObjectName(base);
            if (mbeans.isRegistered(candidate)) {
                candidate = new ObjectName(base + ",instance=" + INSTANCES.incrementAndGet());
            }
            mbeans.registerMBean(this, candidate);
            name = candidate;
        } catch (JMException | RuntimeException e) {
            LOG.log(Level.WARNING, "emailra: cannot register the JMX view of " + server, e);
        }
    }

    /** Removes it from the MBean server (nothing if it was not registered). */
    public void unregister() {
        ObjectName registered = name;
        name = null;
        if (registered != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(registered);
            } catch (JMException e) {
                LOG.log(Level.FINE, "emailra: " + registered + " was already unregistered", e);
            }
        }
    }

    @Override
    public String getServer() {
        return server;
    }

    @Override
    public int getPhysicalConnectionsOpen() {
        return open.getAsInt();
    }

    @Override
    public int getPhysicalConnectionsInUse() {
        return statistics.inUse();
    }

    @Override
    public int getPhysicalConnectionsIdle() {
        return Math.max(0, open.getAsInt() - statistics.inUse());
    }

    @Override
    public Map<String, Integer> getLogicalConnectionsOpen() {
        return statistics.logicalConnections();
    }

    @Override
    public long getOperationsOk() {
        return statistics.operations(FactoryStatistics.Outcome.OK);
    }

    @Override
    public long getOperationsRefused() {
        return statistics.operations(FactoryStatistics.Outcome.REFUSED);
    }

    @Override
    public long getOperationsConnectionFailures() {
        return statistics.operations(FactoryStatistics.Outcome.CONNECTION_FAILURE);
    }

    @Override
    public long getAuthenticationFailures() {
        return statistics.operations(FactoryStatistics.Outcome.AUTHENTICATION_FAILURE);
    }

    @Override
    public long getLatencyCount() {
        return statistics.latencyCount();
    }

    @Override
    public double getLatencyMeanMillis() {
        return statistics.latencyMeanMillis();
    }

    @Override
    public double getLatencyMaxMillis() {
        return statistics.latencyMaxMillis();
    }

    @Override
    public double getLatencyP50Millis() {
        return statistics.latencyPercentileMillis(0.5);
    }

    @Override
    public double getLatencyP99Millis() {
        return statistics.latencyPercentileMillis(0.99);
    }

    @Override
    public Map<String, OperationTimes> getLatencyByOperation() {
        return statistics.latencyByOperation();
    }

    @Override
    public long getSends() {
        return statistics.sends();
    }

    @Override
    public long getMessagesSent() {
        return statistics.messagesSent();
    }

    @Override
    public Map<String, Long> getEvictions() {
        return statistics.evictions();
    }

    @Override
    public long getValidationFailures() {
        return statistics.evictions(FactoryStatistics.Eviction.VALIDATION_FAILURE);
    }

    @Override
    public long getCapWaits() {
        return statistics.capWaits();
    }

    @Override
    public double getCapWaitMillisTotal() {
        return statistics.capWaitMillisTotal();
    }

    @Override
    public double getCapWaitMillisMax() {
        return statistics.capWaitMillisMax();
    }

    @Override
    public long getPoolWaits() {
        return statistics.poolWaits();
    }

    @Override
    public double getPoolWaitMillisTotal() {
        return statistics.poolWaitMillisTotal();
    }

    @Override
    public double getPoolWaitMillisMax() {
        return statistics.poolWaitMillisMax();
    }

    @Override
    public Map<String, Integer> getLearnedConnectionCaps() {
        return learnedCaps.get();
    }

    @Override
    public int getOutboxPending() {
        return backlog.get().pending();
    }

    @Override
    public double getOutboxOldestPendingSeconds() {
        return backlog.get().oldestPendingSeconds();
    }

    @Override
    public long getOutboxRetries() {
        return statistics.outboxRetries();
    }

    @Override
    public long getOutboxDeadLetters() {
        return statistics.outboxDeadLetters();
    }

    @Override
    public long getOutboxAccepted() {
        return statistics.outboxAccepted();
    }

    @Override
    public long getInboundDeliveries() {
        return statistics.inboundDeliveries();
    }

    @Override
    public long getInboundRedeliveries() {
        return statistics.inboundRedeliveries();
    }

    @Override
    public long getInboundPoisoned() {
        return statistics.inboundPoisoned();
    }

    @Override
    public long getInboundReconnects() {
        return statistics.inboundReconnects();
    }
}
