package io.emailra.ra.physical.imap;

import io.emailra.api.EmailProtocolException;
import io.emailra.api.FolderInfo;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.SearchQuery;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.TransportSecurity;
import io.emailra.ra.physical.Messages;
import io.emailra.ra.physical.PhysicalConnection;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.ComparisonTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.ReceivedDateTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

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

    private static final long UNKNOWN = ImapSelection.UNKNOWN;

    private final IMAPStore store;
    private final String server;
    /** Whether fetching leaves \Seen alone ({@code mail.imap.peek}, Angus's setting, false unless configured). */
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

    private ImapConnection(IMAPStore store, String server, boolean peek) {
        this.store = store;
        this.server = server;
        this.peek = peek;
    }

    /** Connects and signs on; Angus's IMAP provider is used directly, never looked up through the session. */
    public static ImapConnection open(Session session, MailServerConfig config, String user, String password)
            throws MessagingException {
        boolean tls = config.security() == TransportSecurity.TLS;
        IMAPStore store = new ImapStore(session, tls);
        store.connect(config.host(), config.port(), user, password);
        return new ImapConnection(store, config.server(),
                Boolean.parseBoolean(session.getProperty("mail." + (tls ? "imaps" : "imap") + ".peek")));
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

    public FolderInfo select(String name) throws MessagingException {
        unselect();
        selection.clear();
        IMAPFolder folder = openFolder(name);
        selection.set(name, folder.getUIDValidity());
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
        String command = "UID FETCH " + uid + (peek ? " (BODY.PEEK[])" : " (BODY[])");
        BODY body = (BODY) folder.doCommand(protocol -> {
            Response[] responses = protocol.command(command, null);
            protocol.notifyResponseHandlers(responses); // flags, new and expunged messages reach the folder
            protocol.handleResult(responses[responses.length - 1]);
            return bodyOf(responses, uid);
        });
        if (body == null) {
            throw new EmailProtocolException("no message with uid " + uid + " in folder '" + folder.getFullName()
                    + "' on " + server);
        }
        ByteArray bytes = body.getByteArray();
        return Messages.detached(bytes.getBytes(), bytes.getStart(), bytes.getCount());
    }

    private static BODY bodyOf(Response[] responses, long uid) {
        for (Response response : responses) {
            if (response instanceof FetchResponse fetched) {
                UID id = fetched.getItem(UID.class);
                BODY body = fetched.getItem(BODY.class);
                if (id != null && id.uid == uid && body != null && body.getSection().isEmpty()) {
                    return body;
                }
            }
        }
        return null;
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
        message(uid).setFlag(Flags.Flag.DELETED, true);
    }

    public void expunge() throws MessagingException {
        selected().expunge();
    }

    public List<MessageInfo> search(SearchQuery query) throws MessagingException {
        IMAPFolder folder = current();
        SearchTerm term = searchTerm(query);
        return summaries(folder, term == null ? folder.getMessages() : folder.search(term));
    }

    public void setFlags(Collection<Long> uids, Set<MessageFlag> flags, boolean value) throws MessagingException {
        IMAPFolder folder = selectedForUids();
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
        IMAPFolder folder = selectedForUids();
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
        return openFolder(name);
    }

    private boolean isOpen(String name) {
        return open != null && openName.equals(name) && open.isOpen();
    }

    private IMAPFolder openFolder(String name) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        try {
            folder.open(Folder.READ_WRITE);
        } catch (FolderNotFoundException e) {
            throw noFolder(name, e);
        }
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
            throw new EmailProtocolException("no message with uid " + uid + " in folder '" + folder.getFullName()
                    + "' on " + server);
        }
        return message;
    }

    private EmailProtocolException noFolder(String name, FolderNotFoundException cause) {
        return new EmailProtocolException("no folder '" + name + "' on " + server, cause);
    }

    private static OptionalLong uidOf(AppendUID[] result) {
        return result == null || result.length == 0 || result[0] == null
                ? OptionalLong.empty() : OptionalLong.of(result[0].uid);
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
                    Messages.date(message), message.getSize(), Messages.flags(message.getFlags())));
        }
        return result;
    }

    private static SearchTerm searchTerm(SearchQuery query) {
        List<SearchTerm> terms = new ArrayList<>();
        if (query.subjectContains() != null) {
            terms.add(new SubjectTerm(query.subjectContains()));
        }
        if (query.fromContains() != null) {
            terms.add(new FromStringTerm(query.fromContains()));
        }
        if (query.unseenOnly()) {
            terms.add(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        }
        if (query.since() != null) {
            terms.add(new ReceivedDateTerm(ComparisonTerm.GE, Date.from(query.since())));
        }
        if (query.before() != null) {
            terms.add(new ReceivedDateTerm(ComparisonTerm.LT, Date.from(query.before())));
        }
        return switch (terms.size()) {
            case 0 -> null;
            case 1 -> terms.get(0);
            default -> new AndTerm(terms.toArray(SearchTerm[]::new));
        };
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
