package io.emailra.ra.physical.imap;

import io.emailra.api.EmailProtocolException;
import io.emailra.api.FolderInfo;
import io.emailra.api.FolderStatus;
import io.emailra.api.MessagePart;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.MessageSink;
import io.emailra.api.SearchQuery;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.TransportSecurity;
import io.emailra.ra.config.WriteTimeouts;
import io.emailra.ra.physical.CallerStreams;
import io.emailra.ra.physical.ConnectionFailures;
import io.emailra.ra.physical.Messages;
import io.emailra.ra.physical.PhysicalConnection;
import io.emailra.ra.physical.Refusals;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.iap.ResponseHandler;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.Status;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One IMAP connection: an Angus {@link IMAPStore} and the folder selected on it.
 *
 * <p>Angus opens a second socket when a store-level command (LIST, APPEND to another folder) runs
 * while a folder holds the store's connection. To keep one socket per pooled connection, the
 * selected folder is closed (UNSELECT) before such a command and re-opened by the next message
 * operation.
 */
public final class ImapConnection implements PhysicalConnection {

    private static final FetchProfile SUMMARY = summaryProfile();

    private static final String[] STATUS_ITEMS = {"MESSAGES", "UNSEEN", "UIDNEXT", "UIDVALIDITY"};

    private static final long UNKNOWN = ImapSelection.UNKNOWN;

    private final IMAPStore store;
    private final String server;
    /** Whether fetching leaves \Seen alone: yes, unless {@code mail.imap.peek} (Angus's setting) is configured false. */
    private final boolean peek;
    /** The selection of the logical connection whose operation runs now; null between operations. */
    private ImapSelection selection;
    /**
     * The folder open on this connection and the name it was opened by. It stays open after an
     * operation, so that the next operation on the same folder (usually of the same logical
     * connection: pools hand out the connection returned last) selects nothing.
     */
    private IMAPFolder open;
    private String openName;

    /**
     * Whether the server announced new mail (EXISTS) since the last {@link #searchUids} began, in the
     * answer to any command: an IDLE would not tell of it again.
     */
    private volatile boolean newMail;
    /** The folder of the last {@link #searchUids}, and the UID the next message there gets, as known then. */
    private String searchedFolder;
    private long searchedUidNext = -1;
    /** Notes the server's EXISTS announcements on the selected folder's connection. */
    private final ResponseHandler announcements = response -> {
        if (response instanceof IMAPResponse untagged && untagged.isUnTagged() && untagged.keyEquals("EXISTS")) {
            newMail = true;
        }
    };
    /** The longest one IDLE may wait: below the read time limit, which applies to it as to any read. */
    private final Duration longestIdle;
    /** Sends DONE to the IDLE in progress, once; null when none is. */
    private volatile Runnable idleFinish;
    /** The token of its claims' markers, its factory's ({@link ImapClaim}). */
    private final String claimToken;

    private ImapConnection(IMAPStore store, String server, boolean peek, Duration longestIdle, String claimToken) {
        this.store = store;
        this.server = server;
        this.peek = peek;
        this.longestIdle = longestIdle;
        this.claimToken = claimToken;
    }

    /**
     * Connects and signs on; Angus's IMAP provider is used directly, never looked up through the
     * session. The claim token is the factory's ({@link #newClaimToken()}).
     */
    public static ImapConnection open(Session session, MailServerConfig config, String user, String password,
                                      String claimToken) throws MessagingException {
        boolean tls = config.security() == TransportSecurity.TLS;
        IMAPStore store = new ImapStore(session, tls);
        store.connect(config.host(), config.port(), user, password);
        return new ImapConnection(store, config.server(),
                !"false".equalsIgnoreCase(session.getProperty("mail." + (tls ? "imaps" : "imap") + ".peek")),
                Duration.ofMillis(Math.max(1_000, config.readTimeoutMillis() - 2_000)), claimToken);
    }

    /** A token for the claim markers of one factory's connections. */
    public static String newClaimToken() {
        return ImapClaim.newToken();
    }

    public List<FolderInfo> listFolders() throws MessagingException {
        unselect();
        List<FolderInfo> folders = new ArrayList<>();
        for (Folder folder : store.getDefaultFolder().list("*")) {
            int type = folder.getType();
            folders.add(new FolderInfo(folder.getFullName(), (type & Folder.HOLDS_MESSAGES) != 0,
                    (type & Folder.HOLDS_FOLDERS) != 0, -1, -1, UNKNOWN));
        }
        return folders;
    }

    public FolderInfo createFolder(String name) throws MessagingException {
        unselect();
        Folder folder = store.getFolder(name);
        if (exists(folder)) {
            throw new EmailProtocolException("folder '" + name + "' already exists on " + server);
        }
        if (!folder.create(Folder.HOLDS_MESSAGES)) {
            throw new EmailProtocolException(server + " refused to create folder '" + name + "'");
        }
        return new FolderInfo(folder.getFullName(), true, false, 0, 0, UNKNOWN);
    }

    public void deleteFolder(String name) throws MessagingException {
        unselect();
        if (name.equals(selection.folder())) {
            selection.clear();
        }
        Folder folder = store.getFolder(name);
        if (!exists(folder)) {
            throw new EmailProtocolException("no folder '" + name + "' on " + server);
        }
        if (!folder.delete(false)) {
            throw new EmailProtocolException(server + " refused to delete folder '" + name + "'");
        }
    }

    /** Selects the folder, read-only (IMAP EXAMINE) or not, for the logical connection's next operations. */
    public FolderInfo select(String name, boolean readOnly) throws MessagingException {
        unselect();
        selection.clear();
        IMAPFolder folder = openFolder(name, readOnly);
        selection.set(name, folder.getUIDValidity(), readOnly);
        return new FolderInfo(folder.getFullName(), true, (folder.getType() & Folder.HOLDS_FOLDERS) != 0,
                folder.getMessageCount(), folder.getUnreadMessageCount(), selection.uidValidity());
    }

    public List<MessageInfo> list() throws MessagingException {
        IMAPFolder folder = current();
        return summaries(folder, folder.getMessages());
    }

    public List<MessageInfo> list(int offset, int limit) throws MessagingException {
        IMAPFolder folder = current();
        int count = folder.getMessageCount();
        int first = offset + 1;
        int last = (int) Math.min(count, (long) offset + limit);
        return first > last ? List.of() : summaries(folder, folder.getMessages(first, last));
    }

    /**
     * The message as a detached copy, in one command whatever Angus has cached: {@code UID FETCH uid
     * (BODY[])}. Going through Angus's message objects would cost a UID lookup, an envelope fetch (for
     * the size) and partial fetches of 16 KB each on a connection that has not seen the UID yet, and
     * physical connections are shared (R14), so most have not. The literal the server sends is the
     * one copy in memory: the message parses its content from it in place.
     */
    public MimeMessage fetch(long uid) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        BODY body = ImapCommands.fetchBody(folder, uid, "", peek, "");
        if (body == null) {
            throw noMessage(folder, uid);
        }
        ByteArray bytes = body.getByteArray();
        return Messages.detached(bytes.getBytes(), bytes.getStart(), bytes.getCount());
    }

    /** The message's raw bytes, written to {@code out} chunk by chunk ({@link ImapChunks}). */
    public void fetch(long uid, OutputStream out) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        ImapChunks chunks = ImapChunks.open(folder, uid, "", peek);
        if (chunks == null) {
            throw noMessage(folder, uid);
        }
        try {
            chunks.copyTo(out);
        } catch (IOException e) {
            throw CallerStreams.failed(e);
        }
    }

    /**
     * The messages as detached copies, in the order given, in the commands {@link ImapBatches} plans;
     * each parses its content in place from the buffer its response was read into, as {@link #fetch(long)}.
     */
    public List<MimeMessage> fetch(List<Long> uids) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        List<MimeMessage> messages = new ArrayList<>(uids.size());
        for (ImapBatches.Batch batch : batches(folder, uids)) {
            Map<Long, ByteArray> bodies = bodies(folder, batch.uids());
            for (long uid : batch.uids()) {
                ByteArray bytes = bodies.get(uid);
                messages.add(Messages.detached(bytes.getBytes(), bytes.getStart(), bytes.getCount()));
            }
        }
        return messages;
    }

    /**
     * Each message's raw bytes to the sink, in the order given, batch by batch; a message larger than
     * a batch's bound streams in chunks ({@link ImapChunks}). Every command has completed before the
     * sink sees its bytes, so a sink that fails leaves the connection between commands.
     */
    public void fetch(List<Long> uids, MessageSink sink) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        for (ImapBatches.Batch batch : batches(folder, uids)) {
            if (batch.alone()) {
                long uid = batch.uids().get(0);
                ImapChunks chunks = ImapChunks.open(folder, uid, "", peek);
                if (chunks == null) {
                    throw noMessage(folder, uid);
                }
                deliver(sink, uid, chunks);
            } else {
                Map<Long, ByteArray> bodies = bodies(folder, batch.uids());
                for (long uid : batch.uids()) {
                    deliver(sink, uid, bodies.get(uid).toByteArrayInputStream());
                }
            }
        }
    }

    /** The batches of a fetch of these messages, planned by their sizes; refused, before any is fetched, if one is missing. */
    private List<ImapBatches.Batch> batches(IMAPFolder folder, List<Long> uids) throws MessagingException {
        Map<Long, Long> sizes = ImapCommands.sizes(folder, uids);
        requireAll(folder, uids, sizes.keySet());
        return ImapBatches.plan(uids, sizes, ImapBatches.BOUND);
    }

    /** One batch's messages; refused if one went meanwhile (another session expunged it). */
    private Map<Long, ByteArray> bodies(IMAPFolder folder, List<Long> uids) throws MessagingException {
        Map<Long, ByteArray> bodies = ImapCommands.bodies(folder, uids, peek);
        requireAll(folder, uids, bodies.keySet());
        return bodies;
    }

    private void requireAll(IMAPFolder folder, List<Long> uids, Set<Long> found) {
        List<Long> missing = uids.stream().filter(uid -> !found.contains(uid)).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            throw new EmailProtocolException(noMessages(folder, missing));
        }
    }

    private static void deliver(MessageSink sink, long uid, InputStream content) throws MessagingException {
        try {
            sink.accept(uid, content);
        } catch (ImapChunks.ChunkFailure e) {
            throw e.messagingException();
        } catch (IOException e) {
            throw CallerStreams.sinkFailed(e);
        }
    }

    public InternetHeaders fetchHeaders(long uid) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        BODY body = ImapCommands.fetchBody(folder, uid, "HEADER", true, "");
        if (body == null) {
            throw noMessage(folder, uid);
        }
        return new InternetHeaders(body.getByteArrayInputStream());
    }

    public MessagePart fetchStructure(long uid) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        BODYSTRUCTURE structure = ImapCommands.fetch(folder, uid, "BODYSTRUCTURE", BODYSTRUCTURE.class);
        if (structure == null) {
            throw noMessage(folder, uid);
        }
        return ImapStructure.of(structure);
    }

    /**
     * One part's content, decoded as it streams: the structure first (for the part's transfer
     * encoding), then the part in chunks.
     */
    public void fetchPart(long uid, String partId, OutputStream out) throws MessagingException {
        MessagePart part = ImapStructure.find(fetchStructure(uid), partId).orElseThrow(() -> new EmailProtocolException(
                "message uid " + uid + " in folder '" + selection.folder() + "' on " + server + " has no part '" + partId + "'"));
        if (part.isMultipart()) {
            throw new EmailProtocolException("part '" + partId + "' of message uid " + uid + " is a " + part.contentType()
                    + ": fetch the parts it holds");
        }
        IMAPFolder folder = selectedForUids();
        ImapChunks chunks = ImapChunks.open(folder, uid, partId, peek);
        if (chunks == null) {
            throw noMessage(folder, uid);
        }
        InputStream decoded = MimeUtility.decode(chunks, part.encoding());
        byte[] buffer = new byte[8192];
        while (true) {
            int count;
            try {
                count = decoded.read(buffer);
            } catch (ImapChunks.ChunkFailure e) {
                throw e.messagingException();
            } catch (IOException e) {
                throw new EmailProtocolException("part '" + partId + "' of message uid " + uid + " is not valid "
                        + part.encoding() + ": " + e.getMessage(), e);
            }
            if (count < 0) {
                return;
            }
            try {
                out.write(buffer, 0, count);
            } catch (IOException e) {
                throw CallerStreams.failed(e);
            }
        }
    }

    /**
     * Appends the application's message, written out first so that a failing content never leaves
     * the connection inside an APPEND literal.
     */
    public OptionalLong append(String folderName, MimeMessage original) throws MessagingException {
        MimeMessage message = Messages.render(original);
        IMAPFolder target;
        if (open != null && openName.equals(folderName)) {
            target = open;
        } else {
            unselect();
            target = (IMAPFolder) store.getFolder(folderName);
            if (hasWildcard(folderName) && !exists(target)) {
                throw new EmailProtocolException("no folder '" + folderName + "' on " + server);
            }
        }
        try {
            return uidOf(target.appendUIDMessages(new Message[]{message}));
        } catch (FolderNotFoundException e) {
            throw noFolder(folderName, e);
        }
    }

    public void delete(long uid) throws MessagingException {
        writable();
        message(uid).setFlag(Flags.Flag.DELETED, true);
    }

    public void expunge() throws MessagingException {
        writable().expunge();
    }

    /** The server's search ({@code UID SEARCH}), then the summaries of what it found. */
    public List<MessageInfo> search(SearchQuery query) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        return summariesOf(folder, ImapCommands.search(folder, ImapSearch.arguments(query)));
    }

    public List<Long> searchUids(SearchQuery query) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        newMail = false; // what was announced before the search, the search finds
        long uidNext = folder.getUIDNext();
        List<Long> found = ImapCommands.search(folder, ImapSearch.arguments(query));
        searchedFolder = selection.folder();
        searchedUidNext = found.isEmpty() ? uidNext : Math.max(uidNext, found.get(found.size() - 1) + 1);
        return found;
    }

    /** STATUS on the connection the open folder holds, if any, so that no second socket opens. */
    public FolderStatus status(String name) throws MessagingException {
        IMAPFolder on = open != null && open.isOpen() ? open : (IMAPFolder) store.getDefaultFolder();
        Status status;
        try {
            status = (Status) on.doCommand(protocol -> protocol.status(name, STATUS_ITEMS));
        } catch (MessagingException e) {
            if (ConnectionFailures.isConnectionLoss(e)) {
                throw e;
            }
            throw Refusals.of("no status for folder '" + name + "' on " + server + " (does it exist?): "
                    + ConnectionFailures.describe(e), e);
        }
        return new FolderStatus(name, status.total, status.unseen, status.uidnext, status.uidvalidity);
    }

    /** Up to {@code limit} messages with a UID above {@code uid}, oldest first. */
    public List<MessageInfo> listAfter(long uid, int limit) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        if (uid >= UIDFolder.MAXUID) {
            return List.of();
        }
        List<Long> uids = uidsIn(folder, uid + 1, UIDFolder.MAXUID);
        return summariesOf(folder, uids.subList(0, Math.min(limit, uids.size())));
    }

    /** Up to {@code limit} messages with a UID below {@code uid}, newest first. */
    public List<MessageInfo> listBefore(long uid, int limit) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        if (uid <= 1) {
            return List.of();
        }
        List<Long> uids = uidsIn(folder, 1, Math.min(uid - 1, UIDFolder.MAXUID));
        List<Long> page = new ArrayList<>(uids.subList(Math.max(0, uids.size() - limit), uids.size()));
        Collections.reverse(page);
        return summariesOf(folder, page);
    }

    /** The UIDs in {@code first..last} that name messages, ascending: {@code UID SEARCH UID first:last}. */
    private static List<Long> uidsIn(IMAPFolder folder, long first, long last) throws MessagingException {
        return ImapCommands.search(folder, ImapSearch.arguments(SearchQuery.uids(first, last)));
    }

    public void setFlags(Collection<Long> uids, Set<MessageFlag> flags, boolean value) throws MessagingException {
        IMAPFolder folder = writable();
        List<Message> messages = new ArrayList<>();
        for (long uid : uids) {
            messages.add(message(uid));
        }
        folder.setFlags(messages.toArray(Message[]::new), Messages.flags(flags), value);
    }

    public OptionalLong copy(long uid, String targetFolder) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        Message message = message(uid);
        try {
            return uidOf(folder.copyUIDMessages(new Message[]{message}, store.getFolder(targetFolder)));
        } catch (FolderNotFoundException e) {
            throw noFolder(targetFolder, e);
        }
    }

    public OptionalLong move(long uid, String targetFolder) throws MessagingException {
        IMAPFolder folder = writable();
        Message[] message = {message(uid)};
        Folder target = store.getFolder(targetFolder);
        try {
            if (store.hasCapability("MOVE")) {
                return uidOf(folder.moveUIDMessages(message, target));
            }
            OptionalLong copied = uidOf(folder.copyUIDMessages(message, target));
            message[0].setFlag(Flags.Flag.DELETED, true);
            folder.expunge(message);
            return copied;
        } catch (FolderNotFoundException e) {
            throw noFolder(targetFolder, e);
        }
    }

    /** Sets ({@code add}) or clears flags and keywords on all the messages, or on none if a UID names no message. */
    public void changeFlags(Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords, boolean add)
            throws MessagingException {
        IMAPFolder folder = writable();
        requireMessages(folder, uids);
        Flags change = Messages.flags(flags);
        keywords.forEach(change::add);
        ImapCommands.store(folder, uids, add, change);
    }

    public Map<Long, Long> copyMessages(Collection<Long> uids, String target) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        requireMessages(folder, uids);
        return transfer(folder, "COPY", uids, target);
    }

    public Map<Long, Long> moveMessages(Collection<Long> uids, String target) throws MessagingException {
        IMAPFolder folder = writable();
        requireMessages(folder, uids);
        if (store.hasCapability("MOVE")) {
            return transfer(folder, "MOVE", uids, target);
        }
        Map<Long, Long> copies = transfer(folder, "COPY", uids, target);
        removeOnly(folder, uids);
        return copies;
    }

    public void deleteMessages(Collection<Long> uids) throws MessagingException {
        IMAPFolder folder = writable();
        requireMessages(folder, uids);
        removeOnly(folder, uids);
    }

    public FolderInfo renameFolder(String name, String newName) throws MessagingException {
        unselect();
        if (name.equals(selection.folder())) {
            selection.clear();
        }
        Folder folder = store.getFolder(name);
        if (!exists(folder)) {
            throw new EmailProtocolException("no folder '" + name + "' on " + server);
        }
        Folder renamed = store.getFolder(newName);
        if (exists(renamed)) {
            throw new EmailProtocolException("folder '" + newName + "' already exists on " + server);
        }
        if (!folder.renameTo(renamed)) {
            throw new EmailProtocolException(server + " refused to rename folder '" + name + "' to '" + newName + "'");
        }
        int type = renamed.getType();
        return new FolderInfo(renamed.getFullName(), (type & Folder.HOLDS_MESSAGES) != 0,
                (type & Folder.HOLDS_FOLDERS) != 0, -1, -1, UNKNOWN);
    }

    /** SUBSCRIBE or UNSUBSCRIBE, a store-level command: the selected folder is closed first (one socket). */
    public void subscribe(String name, boolean subscribed) throws MessagingException {
        unselect();
        ((IMAPFolder) store.getDefaultFolder()).doCommand(protocol -> {
            if (subscribed) {
                protocol.subscribe(name);
            } else {
                protocol.unsubscribe(name);
            }
            return null;
        });
    }

    private Map<Long, Long> transfer(IMAPFolder folder, String verb, Collection<Long> uids, String target)
            throws MessagingException {
        try {
            return ImapCommands.transfer(folder, verb, uids, target);
        } catch (MessagingException e) {
            if (ConnectionFailures.isConnectionLoss(e)) {
                throw e;
            }
            throw Refusals.of(server + " refused to " + verb.toLowerCase(Locale.ROOT)
                    + " messages to folder '" + target + "': " + ConnectionFailures.describe(e), e);
        }
    }

    /**
     * Marks the messages deleted and removes them alone: {@code UID EXPUNGE} (UIDPLUS); without it,
     * EXPUNGE removes every message marked deleted, so only when those are exactly these.
     */
    private void removeOnly(IMAPFolder folder, Collection<Long> uids) throws MessagingException {
        ImapCommands.store(folder, uids, true, new Flags(Flags.Flag.DELETED));
        if (store.hasCapability("UIDPLUS")) {
            ImapCommands.expunge(folder, uids);
        } else if (new HashSet<>(ImapCommands.search(folder, ImapSearch.arguments(SearchQuery.hasFlag(MessageFlag.DELETED))))
                .equals(new HashSet<>(uids))) {
            folder.expunge();
        }
    }

    /** The selected folder for an operation that changes it: refused in a read-only selection, before anything is sent. */
    private IMAPFolder writable() throws MessagingException {
        if (selection.readOnly()) {
            throw new IllegalStateException("folder '" + selection.folder() + "' was selected read-only (examineFolder);"
                    + " select it with selectFolder to change its messages");
        }
        return selectedForUids();
    }

    /**
     * IMAP IDLE on the selected folder until the server reports a change or the time passes (at most
     * {@link #longestIdle}); DONE is sent by emailra's timer, or at once when a change arrives.
     */
    public boolean awaitChanges(Duration limit, AtomicBoolean stop) throws MessagingException {
        boolean reopened = !isOpen(String.valueOf(selection.folder()));
        IMAPFolder folder = selected();
        if (!store.hasCapability("IDLE")) {
            throw new EmailProtocolException(server + " does not support IDLE");
        }
        // A message announced since the last search (EXISTS in the answer to the search itself, after
        // its result was made, or to a later command): no IDLE would tell of it again.
        if (newMail) {
            newMail = false;
            return true;
        }
        // Opened again (the connection served another folder meanwhile): what arrived since the last
        // search is in the SELECT's answer, not announced, and no IDLE would tell of it.
        if (reopened && selection.folder().equals(searchedFolder) && searchedUidNext > 0
                && folder.getUIDNext() > searchedUidNext) {
            return true;
        }
        Duration wait = limit.compareTo(longestIdle) < 0 ? limit : longestIdle;
        return (Boolean) folder.doCommand(protocol -> {
            AtomicBoolean done = new AtomicBoolean();
            Runnable finish = () -> {
                if (done.compareAndSet(false, true)) {
                    protocol.idleAbort(); // DONE, once
                }
            };
            // What the server says when IDLE starts (changes it had pending) Angus handles inside
            // idleStart: a handler sees it too, or such a change would wait for the next IDLE.
            AtomicBoolean changed = new AtomicBoolean();
            ResponseHandler news = response -> {
                if (isChange(response)) {
                    changed.set(true);
                }
            };
            protocol.addResponseHandler(news);
            ScheduledFuture<?> timer = null;
            try {
                protocol.idleStart();
                timer = WriteTimeouts.later(finish, wait);
                idleFinish = finish;
                // A stop asked before idleFinish was set found nothing to wake: it is seen here.
                if (changed.get() || stop.getAndSet(false)) {
                    finish.run();
                }
                while (true) {
                    Response response = protocol.readIdleResponse();
                    // Angus answers a failed read during IDLE with a made-up BYE, again at every read: a
                    // BYE, the server's or that one, ends the connection, or this loop would never end.
                    if (response == null || response.isBYE()) {
                        throw new ProtocolException("the connection ended during IDLE"
                                + (response == null ? "" : ": " + response), new EOFException("during IDLE"));
                    }
                    if (response.isTagged()) {
                        protocol.handleResult(response);
                        return changed.get();
                    }
                    protocol.notifyResponseHandlers(new Response[]{response}); // new, expunged, changed messages
                    if (changed.get()) {
                        finish.run();
                    }
                }
            } finally {
                idleFinish = null;
                protocol.removeResponseHandler(news);
                if (timer != null) {
                    timer.cancel(false);
                }
            }
        });
    }

    /**
     * Whether an untagged response tells of a change to the selected folder's messages: new, expunged,
     * or flags changed. Not a keepalive: Dovecot's "* OK Still here" comes on a schedule shared by all
     * of a user's connections from one address, so it can come in the first second of an IDLE.
     */
    private static boolean isChange(Response response) {
        return response instanceof IMAPResponse untagged && untagged.isUnTagged()
                && (untagged.keyEquals("EXISTS") || untagged.keyEquals("EXPUNGE")
                        || untagged.keyEquals("FETCH") || untagged.keyEquals("VANISHED"));
    }

    /** Ends the IDLE in progress at once (DONE), from any thread; nothing if none is. */
    public void wakeUp() {
        Runnable finish = idleFinish;
        if (finish != null) {
            finish.run();
        }
    }

    /** Claims the message for this connection ({@link ImapClaim}): whether it holds the claim now. */
    public boolean claim(long uid, String keyword) throws MessagingException {
        IMAPFolder folder = writable();
        Boolean held = ImapClaim.claim(folder, uid, keyword, claimToken, store.hasCapability("CONDSTORE"));
        if (held == null) {
            throw noMessage(folder, uid);
        }
        return held;
    }

    /** The marker this connection's claims of the keyword carry. */
    public String claimMarker(String keyword) {
        return ImapClaim.marker(keyword, claimToken);
    }

    /** Releases the claims on the messages, whoever holds them. */
    public void unclaim(Collection<Long> uids, String keyword) throws MessagingException {
        IMAPFolder folder = writable();
        requireMessages(folder, uids);
        ImapClaim.release(folder, uids, keyword);
    }

    /** Refuses the operation, before it changes anything, if a UID names no message. */
    private void requireMessages(IMAPFolder folder, Collection<Long> uids) throws MessagingException {
        List<Long> missing = ImapCommands.missing(folder, uids);
        if (!missing.isEmpty()) {
            throw new EmailProtocolException(noMessages(folder, missing) + "; nothing was changed");
        }
    }

    @Override
    public void noop() throws MessagingException {
        IMAPFolder on = open != null ? open : (IMAPFolder) store.getDefaultFolder();
        on.doCommand(protocol -> {
            protocol.noop();
            return null;
        });
    }

    @Override
    public void bind(Object connectionState) {
        selection = (ImapSelection) connectionState;
    }

    /** Nothing to undo: the selection is the logical connection's; the open folder may serve the next user. */
    @Override
    public void reset() {
        selection = null;
    }

    @Override
    public void close() {
        try {
            store.close();
        } catch (MessagingException | RuntimeException e) {
            // The connection is being discarded; nothing more to do.
        }
    }

    /** The logical connection's selected folder, open on this connection: kept open, or selected (again) now. */
    private IMAPFolder selected() throws MessagingException {
        String name = selection.folder();
        if (name == null) {
            throw new IllegalStateException("no folder is selected on this connection; call selectFolder first");
        }
        if (isOpen(name)) {
            return open;
        }
        unselect();
        return openFolder(name, selection.readOnly());
    }

    /** Whether the folder is open here in the mode the logical connection selected it in. */
    private boolean isOpen(String name) {
        return open != null && openName.equals(name) && open.isOpen()
                && (open.getMode() == Folder.READ_ONLY) == selection.readOnly();
    }

    private IMAPFolder openFolder(String name, boolean readOnly) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        try {
            folder.open(readOnly ? Folder.READ_ONLY : Folder.READ_WRITE);
        } catch (FolderNotFoundException e) {
            throw noFolder(name, e);
        }
        folder.doCommand(protocol -> {
            protocol.removeResponseHandler(announcements); // the connection may have had this folder open before
            protocol.addResponseHandler(announcements);
            return null;
        });
        // What was announced for the folder open before is not this one's news; this folder's arrivals
        // since its last search are found by UIDNEXT (awaitChanges).
        newMail = false;
        open = folder;
        openName = name;
        return folder;
    }

    /**
     * The selected folder, up to date: if it was already open, a NOOP first, so that what other
     * sessions changed since (new messages, flags) is in Angus's view before it answers from it.
     * Opening it afresh (SELECT) brings everything anyway.
     */
    private IMAPFolder current() throws MessagingException {
        boolean wasOpen = selection.folder() != null && isOpen(selection.folder());
        IMAPFolder folder = selected();
        if (wasOpen) {
            folder.doCommand(protocol -> {
                protocol.noop();
                return null;
            });
        }
        return folder;
    }

    /**
     * The selected folder for an operation that names UIDs: only while its UIDVALIDITY is the one
     * seen when it was selected, since otherwise the same UID may name another message (R15).
     */
    private IMAPFolder selectedForUids() throws MessagingException {
        IMAPFolder folder = selected();
        long now = folder.getUIDValidity();
        if (now != selection.uidValidity()) {
            throw new EmailProtocolException("folder '" + selection.folder() + "' on " + server + " is not the one"
                    + " selected: its UIDVALIDITY changed from " + selection.uidValidity() + " to " + now + " (it was deleted and"
                    + " created again), so its UIDs name other messages; select it again and read its UIDs anew");
        }
        return folder;
    }

    private static boolean hasWildcard(String name) {
        return name.indexOf('%') >= 0 || name.indexOf('*') >= 0;
    }

    /**
     * Whether exactly this folder exists. Angus's {@code exists()} lists the name as a LIST pattern and
     * takes the first match, so a name with IMAP's wildcards ({@code %}, {@code *}) would find (and
     * then act on) another folder; such names are matched exactly here.
     */
    private boolean exists(Folder folder) throws MessagingException {
        String name = folder.getFullName();
        if (!hasWildcard(name)) {
            return folder.exists();
        }
        for (Folder listed : store.getDefaultFolder().list(name)) {
            if (listed.getFullName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Closes the open folder without expunging; the logical selection is kept, to be opened again when used. */
    private void unselect() throws MessagingException {
        IMAPFolder folder = open;
        open = null;
        openName = null;
        if (folder != null && folder.isOpen()) {
            folder.close(false);
        }
    }

    private Message message(long uid) throws MessagingException {
        IMAPFolder folder = selectedForUids();
        Message message = folder.getMessageByUID(uid);
        if (message == null || message.isExpunged()) {
            throw noMessage(folder, uid);
        }
        return message;
    }

    private EmailProtocolException noMessage(IMAPFolder folder, long uid) {
        return new EmailProtocolException(noMessages(folder, List.of(uid)));
    }

    private String noMessages(IMAPFolder folder, List<Long> missing) {
        return "no message with uid " + (missing.size() == 1 ? missing.get(0) : missing) + " in folder '"
                + folder.getFullName() + "' on " + server;
    }

    private EmailProtocolException noFolder(String name, FolderNotFoundException cause) {
        return new EmailProtocolException("no folder '" + name + "' on " + server, cause);
    }

    private static OptionalLong uidOf(AppendUID[] result) {
        return result == null || result.length == 0 || result[0] == null
                ? OptionalLong.empty() : OptionalLong.of(result[0].uid);
    }

    /** The summaries of the messages with these UIDs, in the order given; UIDs gone meanwhile are left out. */
    private static List<MessageInfo> summariesOf(IMAPFolder folder, List<Long> uids) throws MessagingException {
        if (uids.isEmpty()) {
            return List.of();
        }
        Message[] found = folder.getMessagesByUID(uids.stream().mapToLong(Long::longValue).toArray());
        return summaries(folder, Arrays.stream(found).filter(Objects::nonNull).toArray(Message[]::new));
    }

    private static List<MessageInfo> summaries(IMAPFolder folder, Message[] messages) throws MessagingException {
        folder.fetch(messages, SUMMARY);
        List<MessageInfo> result = new ArrayList<>(messages.length);
        for (Message message : messages) {
            if (message.isExpunged()) {
                continue; // expunged by this or another session since the folder's message list was read
            }
            result.add(new MessageInfo(folder.getUID(message), folder.getUIDValidity(), message.getSubject(),
                    Messages.from(message),
                    Messages.date(message), message.getSize(), Messages.flags(message.getFlags()),
                    Set.of(message.getFlags().getUserFlags())));
        }
        return result;
    }

    private static FetchProfile summaryProfile() {
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        return profile;
    }
}
