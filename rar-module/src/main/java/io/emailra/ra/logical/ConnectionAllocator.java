package io.emailra.ra.logical;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection.Kind;
import io.emailra.api.EmailConnection;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.monitor.FactoryStatistics;
import io.emailra.ra.physical.PhysicalConnection;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The logical connections of one client and the rules that choose among them (SPEC R1–R10): the
 * main connection, the default connections and the independent ones. Creating one allocates no
 * physical connection (R14).
 */
public final class ConnectionAllocator<P extends PhysicalConnection> {

    private static final AtomicLong IDS = new AtomicLong();
    private static final Logger LOG = Logger.getLogger(ConnectionAllocator.class.getName());

    private final String protocol;
    private final AllocationMode mode;
    private final ConnectionSource<P> source;
    private final Supplier<Object> newState;
    private final DefaultConnections<P> defaults;
    private final Set<LogicalConnection<P>> open = ConcurrentHashMap.newKeySet();
    private final LogicalConnection<P> main;
    private final FactoryStatistics statistics;
    private volatile boolean closed;

    public ConnectionAllocator(Protocol protocol, AllocationMode mode, ConnectionSource<P> source,
                        Supplier<Object> newState, TransactionSynchronizationRegistry transactions,
                        FactoryStatistics statistics) {
        this.statistics = statistics;
        this.protocol = protocol.name().toLowerCase(Locale.ROOT);
        this.mode = Objects.requireNonNull(mode, "allocation mode");
        this.source = source;
        this.newState = newState;
        this.defaults = new DefaultConnections<>(transactions);
        this.main = mode == AllocationMode.USE_DEFAULT ? null : newConnection(Kind.MAIN);
    }

    AllocationMode mode() {
        return mode;
    }

    ConnectionSource<P> source() {
        return source;
    }

    public boolean isClosed() {
        return closed;
    }

    public LogicalConnection<P> create(boolean asDefault) {
        ensureOpen();
        if (!asDefault) {
            return newConnection(Kind.INDEPENDENT);
        }
        return switch (mode) {
            case USE_MAIN -> throw new IllegalStateException(
                    "default connections are not available in USE_MAIN mode; create an independent connection");
            case USE_DEFAULT -> throw new IllegalStateException(
                    "default connections are created automatically in USE_DEFAULT mode");
            case USE_MAIN_OR_DEFAULT -> defaults.create(() -> newConnection(Kind.DEFAULT));
        };
    }

    /** The connection an operation without an explicit connection runs on, for the calling context. */
    LogicalConnection<P> current() {
        ensureOpen();
        return switch (mode) {
            case USE_MAIN -> main;
            case USE_MAIN_OR_DEFAULT -> {
                LogicalConnection<P> bound = defaults.find();
                yield bound != null ? bound : main;
            }
            case USE_DEFAULT -> defaults.findOrCreate(() -> newConnection(Kind.DEFAULT));
        };
    }

    /** The explicit connection of an operation, checked before anything is sent. */
    @SuppressWarnings("unchecked")
    public LogicalConnection<P> resolve(EmailConnection connection) {
        ensureOpen();
        Objects.requireNonNull(connection, "connection must not be null");
        if (!(connection instanceof LogicalConnection<?> logical) || logical.owner() != this) {
            throw new IllegalArgumentException("connection " + connection.id() + " belongs to another client");
        }
        if (logical.isClosed()) {
            throw new IllegalStateException("connection " + connection.id() + " is closed");
        }
        return (LogicalConnection<P>) logical;
    }

    private LogicalConnection<P> newConnection(Kind kind) {
        String id = protocol + "-" + kind.name().toLowerCase(Locale.ROOT) + "-" + IDS.incrementAndGet();
        LogicalConnection<P> connection = new LogicalConnection<>(id, kind, this, newState.get());
        open.add(connection);
        statistics.logical(kind.name(), 1);
        if (closed) {
            // close() ran while this one was being created; do not let it escape.
            connection.release();
            throw closedClient();
        }
        return connection;
    }

    void released(LogicalConnection<P> connection) {
        if (open.remove(connection)) {
            statistics.logical(connection.kind().name(), -1);
        }
        defaults.unbind(connection);
    }

    /**
     * Releases every connection; idempotent. An independent connection its user never closed is
     * reported once, with where it was created.
     */
    public void close() {
        closed = true;
        open.forEach(connection -> {
            if (connection.createdAt() != null && !connection.isClosed()) {
                LOG.log(Level.WARNING, "emailra: " + connection.id() + " was not closed by the application;"
                        + " released with its client", connection.createdAt());
            }
            connection.release();
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw closedClient();
        }
    }

    private static IllegalStateException closedClient() {
        return new IllegalStateException("the email client is closed");
    }
}
