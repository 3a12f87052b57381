package io.emailra.ra.monitor;

import java.util.Map;

/**
 * One connection factory in JMX: {@code io.emailra:type=ConnectionFactory,protocol=<IMAP|POP3|SMTP>,name=<server and account>}.
 * Counts are since the factory was made. No attribute holds a secret.
 */
public interface ConnectionFactoryMXBean {

    /** {@code imap://host:port as user}: the server and the configured account. */
    String getServer();

    int getPhysicalConnectionsOpen();

    /** Handed out to an operation (or, with ON_COMMIT, to a transaction) now; 0 when the factory is idle. */
    int getPhysicalConnectionsInUse();

    int getPhysicalConnectionsIdle();

    /** Logical connections ({@code EmailConnection}s) open now, by kind: main, default, independent. */
    Map<String, Integer> getLogicalConnectionsOpen();

    long getOperationsOk();

    /** Refused by the server (or by emailra before anything was sent); the connection stayed usable. */
    long getOperationsRefused();

    /** Lost connections, and connections that could not be opened. */
    long getOperationsConnectionFailures();

    long getAuthenticationFailures();

    long getLatencyCount();

    double getLatencyMeanMillis();

    double getLatencyMaxMillis();

    double getLatencyP50Millis();

    double getLatencyP99Millis();

    /** The same figures per operation, by the API method's name ({@code selectFolder}, {@code send}, ...). */
    Map<String, OperationTimes> getLatencyByOperation();

    /** SMTP: messages handed to the server. */
    long getSends();

    /** SMTP: messages the server accepted (for at least one recipient). */
    long getMessagesSent();

    /** Physical connections closed for good, by cause: connection_failure, validation_failure, cleanup_failure. */
    Map<String, Long> getEvictions();

    long getValidationFailures();

    /** Operations that waited under their user's connection cap (R16): how many, in all, the longest. */
    long getCapWaits();

    double getCapWaitMillisTotal();

    double getCapWaitMillisMax();

    /** Operations that waited for a connection of emailra's own pool (non-managed path; a container's pool has its own figures). */
    long getPoolWaits();

    double getPoolWaitMillisTotal();

    double getPoolWaitMillisMax();

    /** Users whose connection cap was learned from the server's refusals, with the cap. */
    Map<String, Integer> getLearnedConnectionCaps();

    /** ON_COMMIT: committed messages the server has not accepted yet (0 otherwise). */
    int getOutboxPending();

    /** ON_COMMIT: age of the oldest of them in seconds (0 if none). */
    double getOutboxOldestPendingSeconds();

    long getOutboxRetries();

    long getOutboxDeadLetters();

    long getOutboxAccepted();

    /** Inbound (an activation's factory): messages given to the bean. */
    long getInboundDeliveries();

    /** Inbound: of those, deliveries of a message whose earlier attempt failed. */
    long getInboundRedeliveries();

    /** Inbound: messages that failed every attempt and were set aside (the poison folder). */
    long getInboundPoisoned();

    /** Inbound: times the activation lost its server (or its IDLE) and connected again. */
    long getInboundReconnects();
}
