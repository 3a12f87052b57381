package io.emailra.bench;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPStore;

import java.util.List;

/**
 * Reading one folder from T threads: emailra against one raw Angus {@code IMAPStore} per thread and
 * against Angus's own connection pool (one shared store; each thread opens its folder on a pooled
 * connection). Every contender has its folder open before the clock starts.
 */
final class ImapContenders {

    static final String RAW = "Angus, one IMAPStore per thread (hand-written optimum)";
    static final String EMAILRA = "emailra USE_DEFAULT, one shared client";
    static final String ANGUS_POOL = "Angus, one shared IMAPStore and its connection pool";
    private static final int POOL = 16;

    private final Endpoint endpoint;
    private final Mailbox mailbox;
    private final ImapOperation operation;

    ImapContenders(Endpoint endpoint, Mailbox mailbox, ImapOperation operation) {
        this.endpoint = endpoint;
        this.mailbox = mailbox;
        this.operation = operation;
    }

    List<Contender> all(ImapClientFactory emailra) throws MessagingException {
        return List.of(raw(), emailra(emailra), angusPool());
    }

    private Contender emailra(ImapClientFactory factory) {
        return Contender.of(EMAILRA, threads -> {
            ImapClient shared = factory.getClient(AllocationMode.USE_DEFAULT);
            return new Contender.Round() {
                @Override
                public Contender.Worker worker(int thread) {
                    shared.selectFolder(Mailbox.FOLDER); // on this thread's default connection
                    return index -> operation.through(shared, mailbox, index);
                }

                @Override
                public void close() {
                    shared.close();
                }
            };
        }, () -> { });
    }

    private Contender raw() {
        return Contender.of(RAW, threads -> thread -> {
            IMAPStore store = store(1);
            return open(store, () -> {
                try {
                    store.close();
                } catch (MessagingException e) {
                    // the round is over
                }
            });
        }, () -> { });
    }

    private Contender angusPool() throws MessagingException {
        IMAPStore shared = store(POOL);
        return Contender.of(ANGUS_POOL, threads -> thread -> open(shared, () -> { }), shared);
    }

    private IMAPStore store(int poolSize) throws MessagingException {
        IMAPStore store = (IMAPStore) AngusSessions.imap(endpoint, poolSize).getStore("imap");
        store.connect(endpoint.host(), endpoint.port(), endpoint.user(), endpoint.password());
        return store;
    }

    /** A worker on the benchmark folder of the store, opened read-write as emailra selects it. */
    private Contender.Worker open(IMAPStore store, Runnable afterwards) throws MessagingException {
        SelectedFolder selected = new SelectedFolder(store);
        return new Contender.Worker() {
            @Override
            public void operate(int index) throws Exception {
                operation.raw(selected, mailbox, index);
            }

            @Override
            public void close() throws MessagingException {
                selected.close();
                afterwards.run();
            }
        };
    }
}
