package io.emailra.ra.physical;

import io.emailra.api.EmailConnectionException;
import io.emailra.ra.config.MailServerConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The physical connections one factory has open, per user, and the turn to sign on one more: a
 * server counts a connection against its limit only once signed on, so concurrent sign-ons of one
 * user could all pass its check and exceed it (R16). Sign-ons of one user therefore run one at a
 * time; those of different users do not wait for each other.
 */
public final class OpenConnections {

    /** Signs on one physical connection. */
    @FunctionalInterface
    public interface Opener<P> {
        P open();
    }

    private final Map<String, User> byUser = new ConcurrentHashMap<>();

    /**
     * Opens a connection for the user in its turn, waiting for the turn at most as long as one
     * sign-on may take (connect and read time limits), and not past an interrupt; counts it as open.
     *
     * @throws EmailConnectionException if the turn did not come in time, or the thread was interrupted
     */
    public <P> P open(MailServerConfig config, String user, Opener<P> opener) {
        User connections = of(user);
        return inTurn(config, user, connections, () -> {
            P opened = opener.open();
            connections.open.incrementAndGet();
            return opened;
        });
    }

    /**
     * Signs on again, in the user's turn, for a connection that closed its socket to replace it: it
     * was counted when it opened and still is, so the count stays as it is.
     *
     * @throws EmailConnectionException if the turn did not come in time, or the thread was interrupted
     */
    public <P> P reopen(MailServerConfig config, String user, Opener<P> opener) {
        return inTurn(config, user, of(user), opener);
    }

    private <P> P inTurn(MailServerConfig config, String user, User connections, Opener<P> opener) {
        long limitMillis = (long) config.connectTimeoutMillis() + config.readTimeoutMillis();
        try {
            if (!connections.signOn.tryLock(limitMillis, TimeUnit.MILLISECONDS)) {
                throw new EmailConnectionException("no turn to sign on user '" + user + "' to " + config.server()
                        + " within " + limitMillis + " ms: its sign-ons run one at a time, and those before it"
                        + " took that long", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmailConnectionException("interrupted while waiting to sign on to " + config.server(), e);
        }
        try {
            return opener.open();
        } finally {
            connections.signOn.unlock();
        }
    }

    /** A connection of this user was closed. */
    public void closed(String user) {
        of(user).open.decrementAndGet();
    }

    /** Open now, all users together. */
    public int count() {
        return byUser.values().stream().mapToInt(user -> user.open.get()).sum();
    }

    /** Open now for this user (null: whoever the container signs on). */
    public int count(String user) {
        User connections = byUser.get(String.valueOf(user));
        return connections == null ? 0 : connections.open.get();
    }

    private User of(String user) {
        return byUser.computeIfAbsent(String.valueOf(user), u -> new User());
    }

    private static final class User {
        final AtomicInteger open = new AtomicInteger();
        final ReentrantLock signOn = new ReentrantLock();
    }
}
