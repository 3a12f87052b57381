package io.emailra.ra.outbox;

import io.emailra.api.SmtpClient;
import io.emailra.ra.monitor.Backlog;
import io.emailra.ra.monitor.FactoryStatistics;
import io.emailra.ra.physical.smtp.Deferral;
import io.emailra.ra.physical.smtp.DeferredMessage;
import jakarta.resource.spi.work.Work;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The mail of an ON_COMMIT SMTP factory that waits for transactions: recorded in memory while a
 * transaction runs, written to the {@link Journal} (forced to disk) when it prepares, handed to the
 * {@link Courier} when it commits, dropped when it rolls back. One per journal directory.
 *
 * <p>Guarantees: a message of a transaction that rolled back is never sent; one of a committed
 * transaction is sent at least once, always with the same Message-ID, also after a crash (its
 * journal entry goes only once the server accepted it); a message the server refuses for good, or
 * does not accept within {@code retryForMillis}, becomes a dead letter in {@code failed/}.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    private final Journal journal;
    private final Courier courier;
    private final BooleanSupplier transactionActive;
    private final Path directory;
    /** Each active branch's messages, until it prepares (or commits in one phase, or rolls back). */
    private final Map<String, List<DeferredMessage>> recording = new ConcurrentHashMap<>();

    private Outbox(Path directory, Journal journal, Courier courier, BooleanSupplier transactionActive) {
        this.directory = directory;
        this.journal = journal;
        this.courier = courier;
        this.transactionActive = transactionActive;
    }

    /**
     * Opens the journal in the directory; its {@link #courier()} is to be scheduled, and sends what
     * the journal holds committed (left by a crash or a stop) first.
     *
     * @param server            the server and account, for the log
     * @param clients           clients whose sends go to the server at once
     * @param transactionActive whether the calling thread is in a transaction
     * @param statistics        the factory's figures: retries, dead letters, accepted messages
     */
    public static Outbox open(Path directory, String server, Supplier<SmtpClient> clients, long retryForMillis,
                              BooleanSupplier transactionActive, FactoryStatistics statistics) throws IOException {
        Journal journal = new Journal(directory);
        List<String> inDoubt = journal.inDoubt();
        if (!inDoubt.isEmpty()) {
            LOG.log(Level.WARNING, "emailra outbox {0}: {1} prepared transactions are in doubt; their mail is sent when"
                    + " the transaction manager commits them in its recovery (Payara: transaction-service"
                    + " automatic-recovery=true), never before", new Object[]{directory, inDoubt.size()});
        }
        return new Outbox(directory, journal, new Courier(journal, clients, Duration.ofMillis(retryForMillis),
                server + ", journal " + directory, statistics), transactionActive);
    }

    /** A new connection's transaction branch. */
    public Deferral newBranch() {
        return new OutboxBranch(this, null);
    }

    /**
     * The branch of a connection whose mail this outbox must not take: in a transaction, its sends
     * fail with the reason; outside one they go at once.
     */
    public Deferral refusingBranch(String reason) {
        return new OutboxBranch(this, reason);
    }

    /** The work that sends committed mail: schedule it once (it runs until {@link #stop()}). */
    public Work courier() {
        return courier;
    }

    /**
     * Ends the courier, waiting up to the time for a send in progress, and releases the journal's
     * directory. Committed mail stays in the journal for the next start.
     */
    public void stop(Duration wait) throws InterruptedException {
        courier.release();
        if (!courier.awaitEnd(wait)) {
            LOG.log(Level.WARNING, "emailra outbox {0}: the courier did not end within {1}", new Object[]{directory, wait});
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "emailra outbox " + directory + ": cannot release the journal", e);
        }
    }

    /** The committed messages waiting for the server, read from the journal's file names and times. */
    public Backlog backlog() {
        return journal;
    }

    public Path directory() {
        return directory;
    }

    /** Its journal, which no other may open while the outbox runs. */
    Journal journal() {
        return journal;
    }

    boolean transactionActive() {
        return transactionActive.getAsBoolean();
    }

    /** Atomic with prepare's and rollback's removal of the branch's list: a message is never added to a list already taken. */
    void record(String branch, DeferredMessage message) {
        recording.compute(branch, (b, messages) -> {
            List<DeferredMessage> list = messages == null ? new ArrayList<>() : messages;
            list.add(message);
            return list;
        });
    }

    int prepare(String branch) throws XAException {
        List<DeferredMessage> messages = recording.remove(branch);
        if (messages == null || messages.isEmpty()) {
            return XAResource.XA_RDONLY;
        }
        try {
            journal.prepare(branch, List.copyOf(messages));
            return XAResource.XA_OK;
        } catch (IOException e) {
            throw failure(XAException.XA_RBOTHER, "could not write the transaction's mail to the journal", e);
        }
    }

    void commit(String branch, boolean onePhase) throws XAException {
        try {
            if (onePhase) {
                List<DeferredMessage> messages = recording.remove(branch);
                if (messages == null || messages.isEmpty()) {
                    return;
                }
                try {
                    journal.commitOnePhase(branch, List.copyOf(messages));
                } catch (IOException e) {
                    throw failure(XAException.XA_RBOTHER, "could not write the transaction's mail to the journal", e);
                }
            } else {
                journal.commit(branch);
            }
        } catch (NoSuchFileException e) {
            throw failure(XAException.XAER_NOTA, "no such prepared transaction", e);
        } catch (IOException e) {
            throw failure(XAException.XAER_RMERR, "could not commit the transaction's mail in the journal", e);
        }
        courier.wake();
    }

    void rollback(String branch) throws XAException {
        recording.remove(branch);
        try {
            journal.rollback(branch);
        } catch (IOException e) {
            throw failure(XAException.XAER_RMERR, "could not remove the transaction's mail from the journal", e);
        }
    }

    Xid[] inDoubt() throws XAException {
        try {
            List<Xid> xids = new ArrayList<>();
            for (String name : journal.inDoubt()) {
                try {
                    xids.add(XidNames.xid(name));
                } catch (IllegalArgumentException notABranch) {
                    LOG.log(Level.WARNING, "emailra outbox {0}: prepared/{1} is not a transaction branch; left alone",
                            new Object[]{directory, name});
                }
            }
            return xids.toArray(Xid[]::new);
        } catch (IOException e) {
            throw failure(XAException.XAER_RMERR, "could not read the journal", e);
        }
    }

    private XAException failure(int code, String what, Exception cause) {
        LOG.log(Level.SEVERE, "emailra outbox " + directory + ": " + what, cause);
        XAException failure = new XAException(what + " in " + directory + ": " + cause);
        failure.errorCode = code;
        failure.initCause(cause);
        return failure;
    }

    @Override
    public String toString() {
        return "Outbox[" + directory + "]";
    }
}
