package io.emailra.ra.client;

import io.emailra.api.EmailConnection;
import io.emailra.ra.MailConnectionHandle;
import io.emailra.ra.MailOperation;
import io.emailra.ra.MailSession;

import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link EmailConnection}: what the user sees of a connection (its kind, its owner, the state
 * in force such as the selected folder) and the lock that makes each of its operations atomic and
 * serializes the operations that share it (R11). It holds a physical connection only while an
 * operation runs (R14): each operation takes one from the {@link ConnectionSource} and gives it back
 * afterwards, except that a POP3 session in progress keeps its own ({@link MailSession#pinned()}).
 * The state travels with the logical connection and is bound to whichever physical connection runs
 * the operation (R15).
 *
 * <p>Lock order: this connection's lock, then the physical connection's monitor
 * ({@code MailManagedConnection}); a pool's own locks are taken inside neither.
 */
final class LogicalConnection<S extends MailSession> implements EmailConnection {

    private final String id;
    private final Kind kind;
    private final ConnectionAllocator<S> owner;
    private final Object state;
    private final ReentrantLock lock = new ReentrantLock();
    /** The physical connection kept between operations (a POP3 session in progress), else null. */
    private MailConnectionHandle<S> pinned;
    private volatile boolean closed;
    /** The context a default connection is bound to (a transaction key or a thread); null otherwise. */
    private volatile Object binding;
    /** Where an independent connection was created, for the report if its user never closes it. */
    private final Throwable createdAt;

    LogicalConnection(String id, Kind kind, ConnectionAllocator<S> owner, Object state) {
        this.id = id;
        this.kind = kind;
        this.owner = owner;
        this.state = state;
        this.createdAt = kind == Kind.INDEPENDENT ? new Throwable("connection " + id + " was created here") : null;
    }

    /** Where it was created, if it is one its user must close; else null. */
    Throwable createdAt() {
        return createdAt;
    }

    <T> T execute(MailOperation<S, T> operation) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("connection " + id + " is closed");
            }
            MailConnectionHandle<S> handle = pinned;
            pinned = null;
            if (handle != null && !handle.isUsable()) {
                owner.source().release(handle);
                handle = null;
            }
            if (handle == null) {
                handle = owner.source().allocate();
            }
            boolean[] keep = {false};
            try {
                return handle.execute(session -> {
                    session.bind(state);
                    try {
                        return operation.apply(session);
                    } finally {
                        keep[0] = session.pinned();
                        session.bind(null);
                    }
                });
            } finally {
                if (keep[0] && handle.isUsable()) {
                    pinned = handle;
                } else {
                    owner.source().release(handle);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets this connection, giving back a physical connection it still keeps; idempotent. */
    void release() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (pinned != null) {
                owner.source().release(pinned);
                pinned = null;
            }
        } finally {
            lock.unlock();
        }
        owner.released(this);
    }

    ConnectionAllocator<S> owner() {
        return owner;
    }

    Object binding() {
        return binding;
    }

    void bindTo(Object context) {
        binding = context;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (kind == Kind.MAIN) {
            throw new IllegalStateException("the main connection " + id
                    + " cannot be closed; it is released when its client closes");
        }
        release();
    }

    @Override
    public String toString() {
        return "EmailConnection[" + id + ", " + kind + (closed ? ", closed" : "") + "]";
    }
}
