package io.emailra.ra.inbound;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageFlag;
import io.emailra.api.SearchQuery;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An IMAP activation's work: looks at the folder, claims each new message ({@link ImapClient#claim}:
 * only one activation on the mailbox gets it; a MOVE is not such a claim), moves it into the claim
 * folder (where a delivery cut short is found again), delivers it ({@link EndpointDelivery}), and then
 * marks it handled ({@link AfterDelivery}), moves it back for another attempt, or, after the last
 * attempt, into the poison folder. The folder is looked at again after every reconnect and after
 * every IDLE, whatever it said.
 */
public final class MailboxPoller extends InboundWork {

    private static final Logger LOG = Logger.getLogger(MailboxPoller.class.getName());
    /** The claim: held by exactly one activation (ImapClient.claim), released when the message leaves the claim folder. */
    private static final String CLAIMED = "emailra-claimed";
    /** A keyword per failed delivery ({@code emailra-failed-2}): the count stays with the message, on the server. */
    private static final String FAILED_KEYWORD = "emailra-failed-";

    private final ImapClientFactory clients;
    /** The bean's endpoints; dropped when the work ends (a pooled container thread may keep the work). */
    private EndpointDelivery delivery;
    private final InboundSettings settings;
    /** Whether to wait with IDLE: not in POLL mode, nor in AUTO once the server turned out to lack it. */
    private boolean idle;
    /** The client of the session in progress, for {@link #wakeUp()}. */
    private volatile ImapClient current;
    /**
     * The message being taken out of the claim folder (unclaimed, then moved or deleted), until that
     * is done: if the connection is lost in between, it is finished after the reconnect.
     */
    private Settle settling;
    /** This activation's claim marker (its factory's), once known: what it claimed, whatever connection it used. */
    private String marker;
    /** Whether a connection was lost since the last look: what this activation had claimed is released at the next. */
    private boolean lost;
    /** Messages of the folder found claimed by someone else, by UID: since when (System.nanoTime). */
    private final Map<Long, Long> claimedElsewhere = new HashMap<>();
    /** Messages in the claim folder, by UID: since when this activation saw them there (System.nanoTime). */
    private final Map<Long, Long> inClaimFolder = new HashMap<>();
    /** When the claim folder is looked at next for abandoned messages (System.nanoTime). */
    private long nextClaimFolderLook = System.nanoTime();

    public MailboxPoller(ImapClientFactory clients, EndpointDelivery delivery, InboundSettings settings, String mailbox) {
        super(mailbox, delivery.statistics());
        this.clients = clients;
        this.delivery = delivery;
        this.settings = settings;
        this.idle = settings.receiveMode() != InboundSettings.ReceiveMode.POLL;
    }

    @Override
    protected void ended() {
        delivery = null;
        current = null;
    }

    @Override
    protected void receive() {
        try (ImapClient client = clients.getClient(AllocationMode.USE_MAIN)) {
            current = client;
            EmailConnection claims = client.createConnection();
            try {
                prepare(client);
                marker = client.claimMarker(CLAIMED);
                if (lost) {
                    releaseLost(client, claims);
                    lost = false;
                }
                while (!stopped()) {
                    int delivered = pollOnce(client, claims);
                    lookedAt();
                    if (delivered == 0) {
                        awaitNews(client);
                    }
                }
            } finally {
                claims.close();
            }
        } catch (RuntimeException e) {
            lost = true;
            throw e;
        }
    }

    /** The claim and poison folders exist, and the folder handled messages move to. */
    private void prepare(ImapClient client) {
        Set<String> folders = Set.copyOf(client.listFolders().stream().map(FolderInfo::fullName).toList());
        List<String> needed = new ArrayList<>(List.of(settings.claimFolder(), settings.poisonFolder()));
        if (settings.afterDelivery().action() == AfterDelivery.Action.MOVE) {
            needed.add(settings.afterDelivery().argument());
        }
        for (String folder : needed) {
            if (!folders.contains(folder)) {
                try {
                    client.createFolder(folder);
                } catch (EmailProtocolException raced) {
                    // another activation created it meanwhile
                }
            }
        }
    }

    /**
     * Messages abandoned in the claim folder (an activation, this one or another instance's, stopped
     * mid-delivery) go back to the folder, to be delivered again: at least once. A message is taken
     * for abandoned once this activation has seen it there for {@code claimTimeoutMillis}; a live
     * activation settles its own long before. Looked at a few times per claim timeout, not every look.
     */
    private void releaseAbandoned(ImapClient client, EmailConnection claims) {
        long now = System.nanoTime();
        if (now - nextClaimFolderLook < 0) {
            return;
        }
        long timeout = settings.claimTimeout().toNanos();
        nextClaimFolderLook = now + Math.max(timeout / 4, 1_000_000_000L);
        List<Long> there = client.searchUids(claims, SearchQuery.not(SearchQuery.hasFlag(MessageFlag.DELETED)));
        inClaimFolder.keySet().retainAll(there);
        there.forEach(uid -> inClaimFolder.putIfAbsent(uid, now));
        List<Long> abandoned = inClaimFolder.entrySet().stream().filter(seen -> now - seen.getValue() >= timeout)
                .map(Map.Entry::getKey).toList();
        if (!abandoned.isEmpty()) {
            client.unclaim(claims, abandoned, CLAIMED);
            client.moveMessages(claims, abandoned, settings.folder());
            abandoned.forEach(inClaimFolder::remove);
            LOG.log(Level.INFO, "emailra inbound: {0}: {1} messages abandoned in folder ''{2}'' for {3} s go back to ''{4}''"
                    + " for delivery", new Object[]{mailbox, abandoned.size(), settings.claimFolder(),
                    settings.claimTimeout().toSeconds(), settings.folder()});
        }
    }

    /**
     * Finishes what a lost connection left: the message it was taking out of the claim folder; a
     * message claimed but not yet taken out of the folder, and one taken into the claim folder but not
     * yet handled, which goes back to be delivered again. Found by the message's UID in the claim folder
     * and by this activation's marker, so never a message another activation is delivering.
     */
    private void releaseLost(ImapClient client, EmailConnection claims) {
        if (settling != null) {
            client.selectFolder(claims, settings.claimFolder());
            if (!client.searchUids(claims, SearchQuery.uids(settling.claimedUid(), settling.claimedUid())).isEmpty()) {
                settle(client, claims, settling);
            }
            settling = null;
        }
        client.selectFolder(claims, settings.folder());
        List<Long> claimed = client.searchUids(claims, SearchQuery.keyword(marker));
        if (!claimed.isEmpty()) {
            client.unclaim(claims, claimed, CLAIMED);
        }
        client.selectFolder(claims, settings.claimFolder());
        List<Long> taken = client.searchUids(claims,
                SearchQuery.keyword(marker).and(SearchQuery.not(SearchQuery.hasFlag(MessageFlag.DELETED))));
        if (!taken.isEmpty()) {
            client.unclaim(claims, taken, CLAIMED);
            client.moveMessages(claims, taken, settings.folder());
        }
        if (!claimed.isEmpty() || !taken.isEmpty()) {
            LOG.log(Level.INFO, "emailra inbound: {0}: after the lost connection, its claims released: {1} messages in"
                    + " ''{2}'', {3} back from ''{4}''", new Object[]{mailbox, claimed.size(), settings.folder(), taken.size(),
                    settings.claimFolder()});
        }
    }

    /**
     * One look at the folder: claims and delivers what is new; returns how many deliveries succeeded
     * (none: the next look waits for the poll interval, also before a failed message's next attempt).
     */
    private int pollOnce(ImapClient client, EmailConnection claims) {
        FolderInfo folder = client.selectFolder(settings.folder());
        List<Long> found = client.searchUids(unhandled());
        int delivered = 0;
        claimedElsewhere.keySet().retainAll(found);
        client.selectFolder(claims, settings.claimFolder());
        releaseAbandoned(client, claims);
        for (long uid : found.subList(0, Math.min(found.size(), settings.maxMessagesPerPoll()))) {
            if (stopped()) {
                break;
            }
            Map<Long, Long> claimed;
            try {
                if (!client.claim(uid, CLAIMED)) {
                    releaseIfStale(client, uid); // another activation claimed it first
                    continue;
                }
                claimedElsewhere.remove(uid);
            } catch (EmailProtocolException gone) {
                continue; // another activation claimed and moved it between the search and now
            }
            try {
                claimed = client.moveMessages(List.of(uid), settings.claimFolder());
            } catch (EmailProtocolException refused) {
                client.unclaim(List.of(uid), CLAIMED); // ours, and not taken: free for the next look
                LOG.log(Level.WARNING, "emailra inbound: {0}: message uid {1} could not be moved to ''{2}'' ({3});"
                        + " it stays in ''{4}''", new Object[]{mailbox, uid, settings.claimFolder(), refused.getMessage(),
                        settings.folder()});
                continue;
            }
            Long claimedUid = claimed.get(uid);
            if (claimedUid == null) {
                LOG.log(Level.WARNING, "emailra inbound: {0} did not say where message uid {1} went (no UIDPLUS);"
                        + " it stays in ''{2}'' until the activation restarts", new Object[]{mailbox, uid, settings.claimFolder()});
                continue;
            }
            if (deliver(client, claims, uid, folder.uidValidity(), claimedUid)) {
                delivered++;
            }
        }
        return delivered;
    }

    /** The IDLE in progress ends at once: an undeployment does not wait for it. */
    @Override
    protected void wakeUp() {
        ImapClient client = current;
        if (client != null) {
            client.stopAwaiting();
        }
    }

    /**
     * Releases the claim on a message of the folder that has been claimed there for longer than the
     * claim timeout: its holder moves it out right after claiming, so it died in between (logged).
     */
    private void releaseIfStale(ImapClient client, long uid) {
        long now = System.nanoTime();
        long since = claimedElsewhere.computeIfAbsent(uid, first -> now);
        if (now - since >= settings.claimTimeout().toNanos()) {
            client.unclaim(List.of(uid), CLAIMED);
            claimedElsewhere.remove(uid);
            LOG.log(Level.WARNING, "emailra inbound: {0}: message uid {1} of ''{2}'' was claimed for over {3} s without being"
                    + " taken; its claim is released for delivery", new Object[]{mailbox, uid, settings.folder(),
                    settings.claimTimeout().toSeconds()});
        }
    }

    /**
     * Waits for news of the folder (still selected on the main connection): IDLE until the server
     * reports a change or {@code idleRefresh} passes, or the poll interval. The folder is looked at
     * after every wait whatever IDLE said: a notification is a hint, never the only way to find mail.
     */
    private void awaitNews(ImapClient client) {
        if (idle) {
            try {
                client.awaitChanges(settings.idleRefresh());
                return;
            } catch (EmailProtocolException noIdle) {
                if (settings.receiveMode() == InboundSettings.ReceiveMode.IDLE) {
                    throw noIdle;
                }
                idle = false;
                LOG.log(Level.INFO, "emailra inbound: {0} has no IDLE; polling every {1} ms",
                        new Object[]{mailbox, settings.pollInterval().toMillis()});
            }
        }
        pause(settings.pollInterval());
    }

    /** What has not been handled yet, as {@code afterDelivery} marks handled messages. */
    private SearchQuery unhandled() {
        // Claimed messages too: a claim nobody holds (its claimers collided and gave up) is taken again.
        SearchQuery live = settings.filter().and(SearchQuery.not(SearchQuery.hasFlag(MessageFlag.DELETED)));
        return switch (settings.afterDelivery().action()) {
            case SEEN -> live.and(SearchQuery.not(SearchQuery.hasFlag(MessageFlag.SEEN)));
            case KEYWORD -> live.and(SearchQuery.not(SearchQuery.keyword(settings.afterDelivery().argument())));
            case DELETE, MOVE -> live;
        };
    }

    /** Delivers one claimed message and settles it; whether {@code onMail} returned normally. */
    private boolean deliver(ImapClient client, EmailConnection claims, long uid, long uidValidity, long claimedUid) {
        int attempt = failedAttempts(client, claims, claimedUid) + 1;
        MimeMessage message;
        try {
            message = client.fetchMessage(claims, claimedUid);
        } catch (EmailProtocolException refused) { // the server will not give it: an attempt, not a lost connection
            failed(client, claims, claimedUid, "uid " + uid, attempt, refused);
            return false;
        }
        String messageId = messageId(message);
        EndpointDelivery.Outcome outcome = delivery.deliver(
                new ReceivedMail(message, settings.folder(), uid, uidValidity, null, messageId, attempt));
        switch (outcome.result()) {
            case NOT_READY -> { // not an attempt; the message waits in its folder
                settle(client, claims, new Settle(claimedUid, settings.folder()));
                return false;
            }
            case HANDLED -> {
                try {
                    markHandled(client, claims, claimedUid);
                } catch (EmailProtocolException refused) {
                    LOG.log(Level.SEVERE, "emailra inbound: {0}: message {1} was delivered but could not be marked handled"
                            + " ({2}); it stays in ''{3}'' and is delivered again after {4} s",
                            new Object[]{mailbox, messageId, refused.getMessage(), settings.claimFolder(),
                            settings.claimTimeout().toSeconds()});
                }
                return true;
            }
            case FAILED -> {
                failed(client, claims, claimedUid, messageId, attempt, outcome.failure());
                return false;
            }
            default -> throw new IllegalStateException(outcome.result().name());
        }
    }

    /** A failed attempt: the message goes back for another, or, after the last, to the poison folder (logged once). */
    private void failed(ImapClient client, EmailConnection claims, long claimedUid, String messageId, int attempt,
                        Throwable failure) {
        if (attempt >= settings.maxDeliveryAttempts()) {
            settle(client, claims, new Settle(claimedUid, settings.poisonFolder()));
            delivery.poisoned();
            LOG.log(Level.WARNING, "emailra inbound: {0}: message {1} from ''{2}'' failed {3} deliveries and was moved to"
                    + " ''{4}''; the last failure: {5}", new Object[]{mailbox, messageId, settings.folder(), attempt,
                    settings.poisonFolder(), failure.toString()});
        } else {
            // The count goes with the message, so whichever activation claims it next knows it.
            client.addFlags(claims, List.of(claimedUid), Set.of(), Set.of(FAILED_KEYWORD + attempt));
            settle(client, claims, new Settle(claimedUid, settings.folder())); // delivered again at the next look
        }
    }

    private void markHandled(ImapClient client, EmailConnection claims, long claimedUid) {
        List<Long> it = List.of(claimedUid);
        AfterDelivery after = settings.afterDelivery();
        switch (after.action()) {
            case DELETE -> settle(client, claims, new Settle(claimedUid, null));
            case MOVE -> settle(client, claims, new Settle(claimedUid, after.argument()));
            case SEEN -> {
                client.addFlags(claims, it, Set.of(MessageFlag.SEEN), Set.of());
                settle(client, claims, new Settle(claimedUid, settings.folder()));
            }
            case KEYWORD -> {
                client.addFlags(claims, it, Set.of(), Set.of(after.argument()));
                settle(client, claims, new Settle(claimedUid, settings.folder()));
            }
        }
    }

    /**
     * A message leaving the claim folder: to a folder, unclaimed (so that it can be claimed where it
     * goes), or deleted.
     *
     * @param destination the folder, or null to delete the message
     */
    private record Settle(long claimedUid, String destination) {
    }

    private void settle(ImapClient client, EmailConnection claims, Settle settle) {
        settling = settle;
        List<Long> it = List.of(settle.claimedUid());
        if (settle.destination() == null) {
            client.deleteMessages(claims, it);
        } else {
            client.unclaim(claims, it, CLAIMED);
            client.moveMessages(claims, it, settle.destination());
        }
        settling = null;
    }

    /** How many deliveries of the claimed message failed before, whichever activation made them. */
    private static int failedAttempts(ImapClient client, EmailConnection claims, long claimedUid) {
        return client.listMessagesAfter(claims, claimedUid - 1, 1).stream()
                .filter(info -> info.uid() == claimedUid)
                .flatMap(info -> info.keywords().stream())
                .filter(keyword -> keyword.matches(FAILED_KEYWORD + "[0-9]{1,6}"))
                .mapToInt(keyword -> Integer.parseInt(keyword.substring(FAILED_KEYWORD.length())))
                .max().orElse(0);
    }
}
