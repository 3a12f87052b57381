package io.emailra.ra.inbound;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageFlag;
import io.emailra.api.SearchQuery;
import io.emailra.api.inbound.MailListener;
import io.emailra.api.inbound.ReceivedMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One activation's work, run on the container's WorkManager: looks at the folder, claims each new
 * message ({@link ImapClient#claim}: a keyword only one client can set, so two activations on one
 * mailbox never deliver the same message; a MOVE is not such a claim), moves it into the claim
 * folder (where a delivery cut short is found again), delivers it to the message endpoint (in the
 * bean's transaction, if its delivery is transacted: a {@link DeliveryOutcome} learns whether it committed),
 * and then marks it handled ({@link AfterDelivery}), moves it back for another attempt, or, after the
 * last attempt, into the poison folder. A lost connection is retried with a growing pause (logged
 * once per outage); the folder is looked at again after every reconnect.
 */
public final class MailboxPoller implements Work {

    private static final Logger LOG = Logger.getLogger(MailboxPoller.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** The claim: held by exactly one activation (ImapClient.claim), released when the message leaves the claim folder. */
    private static final String CLAIMED = "emailra-claimed";
    /**
     * How long a message may stay claimed in the folder itself: its holder moves it out right after
     * claiming, so one still there after this was claimed by an activation that died before the move.
     */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(2);
    /** A keyword per failed delivery ({@code emailra-failed-2}): the count stays with the message, on the server. */
    private static final String FAILED_KEYWORD = "emailra-failed-";

    private final ImapClientFactory clients;
    private final MessageEndpointFactory endpoints;
    private final InboundSettings settings;
    private final String mailbox;
    private final Object pause = new Object();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopped;
    /** Whether the bean's onMail runs in a transaction the container asks resources to join. */
    private final boolean transacted;
    /** Whether to wait with IDLE: not in POLL mode, nor in AUTO once the server turned out to lack it. */
    private boolean idle;
    /** Messages of the folder found claimed by someone else, by UID: since when (System.nanoTime). */
    private final Map<Long, Long> claimedElsewhere = new HashMap<>();

    public MailboxPoller(ImapClientFactory clients, MessageEndpointFactory endpoints, InboundSettings settings, String mailbox) {
        this.clients = clients;
        this.endpoints = endpoints;
        this.settings = settings;
        this.mailbox = mailbox;
        this.idle = settings.receiveMode() != InboundSettings.ReceiveMode.POLL;
        this.transacted = isTransacted(endpoints);
    }

    private static boolean isTransacted(MessageEndpointFactory endpoints) {
        try {
            return endpoints.isDeliveryTransacted(MailListener.class.getMethod("onMail", ReceivedMail.class));
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public void run() {
        try {
            Duration backoff = Duration.ofSeconds(1);
            boolean recovered = false;
            boolean outage = false;
            while (!stopped) {
                try (ImapClient client = clients.getClient(AllocationMode.USE_MAIN)) {
                    EmailConnection claims = client.createConnection();
                    try {
                        prepare(client);
                        if (!recovered) {
                            recover(client, claims);
                            recovered = true;
                        }
                        while (!stopped) {
                            int delivered = pollOnce(client, claims);
                            if (outage) { // said once the folder could be looked at again, not on connecting
                                LOG.log(Level.INFO, "emailra inbound: {0} works again", mailbox);
                                outage = false;
                                backoff = Duration.ofSeconds(1);
                            }
                            if (delivered == 0) {
                                awaitNews(client);
                            }
                        }
                    } finally {
                        claims.close();
                    }
                } catch (RuntimeException e) { // the server, or anything else: the activation lives on
                    if (stopped) {
                        break;
                    }
                    if (!outage) {
                        LOG.log(Level.WARNING, "emailra inbound: {0} failed, trying again with pauses up to {1} s: {2}",
                                new Object[]{mailbox, MAX_BACKOFF.toSeconds(), e.getMessage()});
                        outage = true;
                    }
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            ended.countDown();
        }
    }

    /** Asks the work to end: it does once the operation it is in returns (bounded by the read time limit). */
    @Override
    public void release() {
        stopped = true;
        synchronized (pause) {
            pause.notifyAll();
        }
    }

    /** Whether the work ended within the time. */
    public boolean awaitEnd(Duration limit) throws InterruptedException {
        return ended.await(limit.toMillis(), TimeUnit.MILLISECONDS);
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
     * Messages left in the claim folder (the server restarted, or the application, mid-delivery) go
     * back to the folder, to be delivered again: at least once. Done when the activation starts.
     */
    private void recover(ImapClient client, EmailConnection claims) {
        client.selectFolder(claims, settings.claimFolder());
        List<Long> left = client.searchUids(claims, SearchQuery.not(SearchQuery.hasFlag(MessageFlag.DELETED)));
        if (!left.isEmpty()) {
            client.unclaim(claims, left, CLAIMED);
            client.moveMessages(claims, left, settings.folder());
            LOG.log(Level.INFO, "emailra inbound: {0}: {1} messages left in folder ''{2}'' go back to ''{3}'' for delivery",
                    new Object[]{mailbox, left.size(), settings.claimFolder(), settings.folder()});
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
        for (long uid : found.subList(0, Math.min(found.size(), settings.maxMessagesPerPoll()))) {
            if (stopped) {
                break;
            }
            Map<Long, Long> claimed;
            try {
                if (!client.claim(uid, CLAIMED)) {
                    releaseIfStale(client, uid); // another activation claimed it first
                    continue;
                }
                claimedElsewhere.remove(uid);
                claimed = client.moveMessages(List.of(uid), settings.claimFolder());
            } catch (EmailProtocolException gone) {
                continue; // another activation claimed and moved it between the search and now
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

    /**
     * Releases the claim on a message of the folder that has been claimed there for longer than
     * {@link #STALE_CLAIM}: its holder died between claiming and moving it (logged).
     */
    private void releaseIfStale(ImapClient client, long uid) {
        long now = System.nanoTime();
        long since = claimedElsewhere.computeIfAbsent(uid, first -> now);
        if (now - since >= STALE_CLAIM.toNanos()) {
            client.unclaim(List.of(uid), CLAIMED);
            claimedElsewhere.remove(uid);
            LOG.log(Level.WARNING, "emailra inbound: {0}: message uid {1} of ''{2}'' was claimed for over {3} s without being"
                    + " taken; its claim is released for delivery", new Object[]{mailbox, uid, settings.folder(),
                    STALE_CLAIM.toSeconds()});
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
        SearchQuery live = SearchQuery.not(SearchQuery.hasFlag(MessageFlag.DELETED));
        return switch (settings.afterDelivery().action()) {
            case SEEN -> live.and(SearchQuery.not(SearchQuery.hasFlag(MessageFlag.SEEN)));
            case KEYWORD -> live.and(SearchQuery.not(SearchQuery.keyword(settings.afterDelivery().argument())));
            case DELETE, MOVE -> live;
        };
    }

    /** Delivers one claimed message and settles it; whether {@code onMail} returned normally. */
    private boolean deliver(ImapClient client, EmailConnection claims, long uid, long uidValidity, long claimedUid) {
        MimeMessage message = client.fetchMessage(claims, claimedUid);
        MessageEndpoint endpoint;
        DeliveryOutcome outcome = transacted ? new DeliveryOutcome() : null;
        try {
            endpoint = endpoints.createEndpoint(outcome);
        } catch (UnavailableException notYet) {
            // The bean is not ready (starting, stopping): not an attempt; the message waits in its folder.
            release(client, claims, claimedUid, settings.folder());
            return false;
        }
        String messageId = messageId(message);
        int attempt = failedAttempts(client, claims, claimedUid) + 1;
        Throwable failure = null;
        try {
            ((MailListener) endpoint).onMail(new ReceivedMail(message, settings.folder(), uid, uidValidity, messageId, attempt));
        } catch (RuntimeException | LinkageError e) {
            failure = e;
        } finally {
            endpoint.release();
        }
        if (failure == null && outcome != null && !outcome.committed()) {
            failure = new IllegalStateException("the bean's transaction rolled back");
        }
        if (failure == null) {
            try {
                markHandled(client, claims, claimedUid);
            } catch (EmailProtocolException refused) {
                LOG.log(Level.SEVERE, "emailra inbound: {0}: message {1} was delivered but could not be marked handled"
                        + " ({2}); it stays in ''{3}'' and is delivered again when the activation restarts",
                        new Object[]{mailbox, messageId, refused.getMessage(), settings.claimFolder()});
            }
            return true;
        }
        if (attempt >= settings.maxDeliveryAttempts()) {
            client.moveMessages(claims, List.of(claimedUid), settings.poisonFolder());
            LOG.log(Level.WARNING, "emailra inbound: {0}: message {1} from ''{2}'' failed {3} deliveries and was moved to"
                    + " ''{4}''; the last failure: {5}", new Object[]{mailbox, messageId, settings.folder(), attempt,
                    settings.poisonFolder(), failure.toString()});
        } else {
            // The count goes with the message, so whichever activation claims it next knows it.
            client.addFlags(claims, List.of(claimedUid), Set.of(), Set.of(FAILED_KEYWORD + attempt));
            release(client, claims, claimedUid, settings.folder()); // delivered again at the next look
        }
        return false;
    }

    private void markHandled(ImapClient client, EmailConnection claims, long claimedUid) {
        List<Long> it = List.of(claimedUid);
        AfterDelivery after = settings.afterDelivery();
        switch (after.action()) {
            case DELETE -> client.deleteMessages(claims, it);
            case MOVE -> release(client, claims, claimedUid, after.argument());
            case SEEN -> {
                client.addFlags(claims, it, Set.of(MessageFlag.SEEN), Set.of());
                release(client, claims, claimedUid, settings.folder());
            }
            case KEYWORD -> {
                client.addFlags(claims, it, Set.of(), Set.of(after.argument()));
                release(client, claims, claimedUid, settings.folder());
            }
        }
    }

    /** The message leaves the claim folder unclaimed, so that it can be claimed where it goes. */
    private static void release(ImapClient client, EmailConnection claims, long claimedUid, String folder) {
        client.unclaim(claims, List.of(claimedUid), CLAIMED);
        client.moveMessages(claims, List.of(claimedUid), folder);
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

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            return null;
        }
    }

    private void pause(Duration time) {
        synchronized (pause) {
            if (!stopped) {
                try {
                    pause.wait(time.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    release();
                }
            }
        }
    }
}
