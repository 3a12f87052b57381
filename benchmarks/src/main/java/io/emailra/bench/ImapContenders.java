package io.emailra.bench;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPStore;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading one folder from T threads: emailra against one raw Angus {@code IMAPStore} per thread and
 * against Angus's own connection pool (one shared store; each thread opens its folder on a pooled
 * connection). Every contender has its folder open before the clock starts. The Angus contenders
 * open no more connections than the server allows one user: above that, threads share them.
 */
final class ImapContenders {

    static final String RAW = "Angus, one IMAPStore per thread (hand-written optimum)";
    static final String EMAILRA = "emailra USE_DEFAULT, one shared client";
    static final String ANGUS_POOL = "Angus, one shared IMAPStore and its connection pool";
    private static final int POOL = 16;

    private final Endpoint raw;
    private final Endpoint angusPool;
    private final Mailbox mailbox;
    private final ImapOperation operation;

    /**
     * {@code raw} and {@code angusPool}: where the two Angus contenders sign on. On Dovecot each
     * contender has a user of its own, holding the same folder: the server counts connections per
     * user, and the connections one contender keeps between its turns must not use another's.
     */
    ImapContenders(Endpoint raw, Endpoint angusPool, Mailbox mailbox, ImapOperation operation) {
        this.raw = raw;
        this.angusPool = angusPool;
        this.mailbox = mailbox;
        this.operation = operation;
    }

    List<Contender> all(EmailraPools.Pooled<ImapClientFactory> emailra) throws MessagingException {
        return List.of(raw(), emailra(emailra), angusPool());
    }

    /** emailra alone, its pool's connections shown. */
    Contender emailra(EmailraPools.Pooled<ImapClientFactory> emailra) {
        return Contender.pooled(emailra(emailra.factory()), emailra.pool());
    }

    /**
     * What the hand-written contender would do first on T threads: connect T stores for its user, here
     * one after the other, each kept open until all were tried. Returns how many the server refused
     * for its limit ([LIMIT]) and how many it took.
     */
    int[] connectStores(int threads) throws MessagingException {
        List<IMAPStore> stores = new ArrayList<>();
        int refused = 0;
        try {
            for (int i = 0; i < threads; i++) {
                try {
                    stores.add(store(raw, 1));
                } catch (MessagingException e) {
                    String message = String.valueOf(e.getMessage());
                    if (!message.contains("[LIMIT]") && !message.contains("Maximum number of connections")) {
                        throw e;
                    }
                    refused++;
                }
            }
        } finally {
            for (IMAPStore store : stores) {
                store.close();
            }
        }
        return new int[]{refused, stores.size()};
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

    /**
     * One store per thread, at most as many as the server lets one user have: above that, thread t
     * works on store t mod n, taking turns with the threads that share it.
     */
    private Contender raw() {
        int limit = raw.connectionsPerUser();
        Contender contender = Contender.of(RAW, threads -> folders(threads, limit, () -> {
            IMAPStore store = store(raw, 1);
            return new Open(new SelectedFolder(store, Mailbox.FOLDER), store);
        }), () -> { });
        return Contender.labelled(contender, threads -> threads <= limit ? RAW : RAW + " — only " + limit
                + " stores, threads t and t+" + limit + " share one: " + threads + " connections for one user "
                + "exceed Dovecot's limit of " + limit);
    }

    /** Each thread opens its folder on a connection of the shared store's pool; the store's own is one of the user's. */
    private Contender angusPool() throws MessagingException {
        IMAPStore shared = store(angusPool, POOL);
        int folders = angusPool.connectionsPerUser() == Integer.MAX_VALUE ? Integer.MAX_VALUE
                : angusPool.connectionsPerUser() - 1;
        Contender contender = Contender.of(ANGUS_POOL, threads -> folders(threads, folders,
                () -> new Open(new SelectedFolder(shared, Mailbox.FOLDER), () -> { })), shared);
        return Contender.labelled(contender, threads -> threads <= folders ? ANGUS_POOL : ANGUS_POOL + " — only "
                + folders + " open folders (with the store's, Dovecot's limit of " + angusPool.connectionsPerUser()
                + " connections per user), shared by the " + threads + " threads");
    }

    private IMAPStore store(Endpoint endpoint, int poolSize) throws MessagingException {
        IMAPStore store = (IMAPStore) AngusSessions.imap(endpoint, poolSize).getStore("imap");
        store.connect(endpoint.host(), endpoint.port(), endpoint.user(), endpoint.password());
        return store;
    }

    /** A folder opened for a round, and what to close after it. */
    private record Open(SelectedFolder folder, AutoCloseable store) {
    }

    @FunctionalInterface
    private interface Opener {
        Open open() throws MessagingException;
    }

    /**
     * A round on min(T, most) folders, opened before the clock starts; thread t works on folder
     * t mod n. Threads that share a folder take turns on it (Angus runs one command at a time on a
     * connection anyway, and a selection must not be closed under another thread's feet).
     */
    private Contender.Round folders(int threads, int most, Opener opener) throws MessagingException {
        int n = Math.min(threads, most);
        List<Open> opened = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            opened.add(opener.open());
        }
        return new Contender.Round() {
            @Override
            public Contender.Worker worker(int thread) {
                SelectedFolder selected = opened.get(thread % n).folder();
                return n == threads ? index -> operation.raw(selected, mailbox, index) : index -> {
                    synchronized (selected) {
                        operation.raw(selected, mailbox, index);
                    }
                };
            }

            @Override
            public void close() throws Exception {
                for (Open open : opened) {
                    open.folder().close();
                    open.store().close();
                }
            }
        };
    }
}
