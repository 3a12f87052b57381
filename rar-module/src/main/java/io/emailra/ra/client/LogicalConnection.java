package io.emailra.ra.client;

import io.emailra.api.EmailConnection;
import io.emailra.ra.MailConnectionHandle;
import io.emailra.ra.MailOperation;
import io.emailra.ra.MailSession;

import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link EmailConnection}: one JCA connection handle at a time. Its lock makes each operation
 * atomic and serializes the operations that share it; releasing waits for the running operation,
 * so a physical connection never goes back to the pool in the middle of one. When its physical
 * connection fails, the next operation allocates a fresh one and carries the logical state over
 * (the selected folder; see {@link MailSession#continueFrom}).
 */
final class LogicalConnection<S extends MailSession> implements EmailConnection {

    private final String id;
    private final Kind kind;
    private final ConnectionAllocator<S> owner;
    private final ReentrantLock lock = new ReentrantLock();
    private MailConnectionHandle<S> handle;
    /** The physical connection the last operation ran on; its state carries over to a replacement (R15). */
    private S lastSession;
    private volatile boolean closed;
    /** The context a default connection is bound to (a transaction key or a thread); null otherwise. */
    private volatile Object binding;
    /** Where an independent connection was created, for the report if its user never closes it. */
    private final Throwable createdAt;

    LogicalConnection(String id, Kind kind, ConnectionAllocator<S> owner, MailConnectionHandle<S> handle) {
        this.id = id;
        this.kind = kind;
        this.owner = owner;
        this.handle = handle;
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
            if (!handle.isUsable()) {
                handle.close();
                handle = owner.source().allocate();
            }
            return handle.execute(session -> {
                if (session != lastSession) {
                    if (lastSession != null) {
                        session.continueFrom(lastSession);
                    }
                    lastSession = session;
                }
                return operation.apply(session);
            });
        } finally {
            lock.unlock();
        }
    }

    /** Returns the physical connection to the pool and forgets this connection; idempotent. */
    void release() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            handle.close();
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
