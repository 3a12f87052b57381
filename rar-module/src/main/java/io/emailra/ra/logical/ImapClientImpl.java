package io.emailra.ra.logical;

import io.emailra.api.EmailConnection;
import io.emailra.api.FolderInfo;
import io.emailra.api.FolderStatus;
import io.emailra.api.ImapClient;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.MessagePart;
import io.emailra.api.MessageSink;
import io.emailra.api.SearchQuery;
import io.emailra.ra.physical.imap.ImapConnection;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link ImapClient}: checks arguments, then runs each operation on its connection's {@link ImapConnection}. */
public final class ImapClientImpl extends AbstractEmailClient<ImapConnection> implements ImapClient {

    /** Set by {@link #stopAwaiting()}, from any thread; taken by the wait it ends. */
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    /** The physical connection in IDLE for this client now, if any: what {@link #stopAwaiting()} wakes. */
    private volatile ImapConnection idling;

    public ImapClientImpl(ClientContext<ImapConnection> context) {
        super(context);
    }

    @Override
    public List<FolderInfo> listFolders() {
        return listFolders(CURRENT);
    }

    @Override
    public List<FolderInfo> listFolders(EmailConnection connection) {
        return run(connection, "listFolders", ImapConnection::listFolders);
    }

    @Override
    public FolderInfo createFolder(String folder) {
        return createFolder(CURRENT, folder);
    }

    @Override
    public FolderInfo createFolder(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        return run(connection, "createFolder", physical -> physical.createFolder(name));
    }

    @Override
    public void deleteFolder(String folder) {
        deleteFolder(CURRENT, folder);
    }

    @Override
    public void deleteFolder(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        run(connection, "deleteFolder", physical -> {
            physical.deleteFolder(name);
            return null;
        });
    }

    @Override
    public FolderInfo selectFolder(String folder) {
        return selectFolder(CURRENT, folder);
    }

    @Override
    public FolderInfo selectFolder(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        return run(connection, "selectFolder", physical -> physical.select(name, false));
    }

    @Override
    public List<MessageInfo> listMessages() {
        return listMessages(CURRENT);
    }

    @Override
    public List<MessageInfo> listMessages(EmailConnection connection) {
        return run(connection, "listMessages", ImapConnection::list);
    }

    @Override
    public List<MessageInfo> listMessages(int offset, int limit) {
        return listMessages(CURRENT, offset, limit);
    }

    @Override
    public List<MessageInfo> listMessages(EmailConnection connection, int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        Arguments.requirePositive(limit, "limit");
        return run(connection, "listMessages", physical -> physical.list(offset, limit));
    }

    @Override
    public MimeMessage fetchMessage(long uid) {
        return fetchMessage(CURRENT, uid);
    }

    @Override
    public MimeMessage fetchMessage(EmailConnection connection, long uid) {
        Arguments.requireUid(uid);
        return run(connection, "fetchMessage", physical -> physical.fetch(uid));
    }

    @Override
    public List<MimeMessage> fetchMessages(Collection<Long> uids) {
        return fetchMessages(CURRENT, uids);
    }

    @Override
    public List<MimeMessage> fetchMessages(EmailConnection connection, Collection<Long> uids) {
        List<Long> checked = Arguments.requireUids(uids);
        return run(connection, "fetchMessages", physical -> physical.fetch(checked));
    }

    @Override
    public void fetchMessages(Collection<Long> uids, MessageSink sink) {
        fetchMessages(CURRENT, uids, sink);
    }

    @Override
    public void fetchMessages(EmailConnection connection, Collection<Long> uids, MessageSink sink) {
        List<Long> checked = Arguments.requireUids(uids);
        Objects.requireNonNull(sink, "sink must not be null");
        run(connection, "fetchMessages", physical -> {
            physical.fetch(checked, sink);
            return null;
        });
    }

    @Override
    public OptionalLong appendMessage(String folder, MimeMessage message) {
        return appendMessage(CURRENT, folder, message);
    }

    @Override
    public OptionalLong appendMessage(EmailConnection connection, String folder, MimeMessage message) {
        String name = Arguments.requireFolder(folder, "folder");
        Objects.requireNonNull(message, "message must not be null");
        return run(connection, "appendMessage", physical -> physical.append(name, message));
    }

    @Override
    public void deleteMessage(long uid) {
        deleteMessage(CURRENT, uid);
    }

    @Override
    public void deleteMessage(EmailConnection connection, long uid) {
        Arguments.requireUid(uid);
        run(connection, "deleteMessage", physical -> {
            physical.delete(uid);
            return null;
        });
    }

    @Override
    public void commitDeletes() {
        commitDeletes(CURRENT);
    }

    @Override
    public void commitDeletes(EmailConnection connection) {
        run(connection, "commitDeletes", physical -> {
            physical.expunge();
            return null;
        });
    }

    @Override
    public List<MessageInfo> search(SearchQuery query) {
        return search(CURRENT, query);
    }

    @Override
    public List<MessageInfo> search(EmailConnection connection, SearchQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        return run(connection, "search", physical -> physical.search(query));
    }

    @Override
    public void setFlags(Collection<Long> uids, Set<MessageFlag> flags, boolean value) {
        setFlags(CURRENT, uids, flags, value);
    }

    @Override
    public void setFlags(EmailConnection connection, Collection<Long> uids, Set<MessageFlag> flags, boolean value) {
        List<Long> checkedUids = Arguments.requireUids(uids);
        Set<MessageFlag> checkedFlags = Set.copyOf(Arguments.requireElements(flags, "flags"));
        run(connection, "setFlags", physical -> {
            physical.setFlags(checkedUids, checkedFlags, value);
            return null;
        });
    }

    @Override
    public OptionalLong copy(long uid, String targetFolder) {
        return copy(CURRENT, uid, targetFolder);
    }

    @Override
    public OptionalLong copy(EmailConnection connection, long uid, String targetFolder) {
        Arguments.requireUid(uid);
        String target = Arguments.requireFolder(targetFolder, "targetFolder");
        return run(connection, "copy", physical -> physical.copy(uid, target));
    }

    @Override
    public OptionalLong move(long uid, String targetFolder) {
        return move(CURRENT, uid, targetFolder);
    }

    @Override
    public OptionalLong move(EmailConnection connection, long uid, String targetFolder) {
        Arguments.requireUid(uid);
        String target = Arguments.requireFolder(targetFolder, "targetFolder");
        return run(connection, "move", physical -> physical.move(uid, target));
    }

    @Override
    public void fetchMessage(long uid, OutputStream out) {
        fetchMessage(CURRENT, uid, out);
    }

    @Override
    public void fetchMessage(EmailConnection connection, long uid, OutputStream out) {
        Arguments.requireUid(uid);
        Objects.requireNonNull(out, "out must not be null");
        run(connection, "fetchMessage", physical -> {
            physical.fetch(uid, out);
            return null;
        });
    }

    @Override
    public InternetHeaders fetchHeaders(long uid) {
        return fetchHeaders(CURRENT, uid);
    }

    @Override
    public InternetHeaders fetchHeaders(EmailConnection connection, long uid) {
        Arguments.requireUid(uid);
        return run(connection, "fetchHeaders", physical -> physical.fetchHeaders(uid));
    }

    @Override
    public MessagePart fetchStructure(long uid) {
        return fetchStructure(CURRENT, uid);
    }

    @Override
    public MessagePart fetchStructure(EmailConnection connection, long uid) {
        Arguments.requireUid(uid);
        return run(connection, "fetchStructure", physical -> physical.fetchStructure(uid));
    }

    @Override
    public void fetchPart(long uid, String partId, OutputStream out) {
        fetchPart(CURRENT, uid, partId, out);
    }

    @Override
    public void fetchPart(EmailConnection connection, long uid, String partId, OutputStream out) {
        Arguments.requireUid(uid);
        String part = Arguments.requirePartId(partId);
        Objects.requireNonNull(out, "out must not be null");
        run(connection, "fetchPart", physical -> {
            physical.fetchPart(uid, part, out);
            return null;
        });
    }

    @Override
    public List<Long> searchUids(SearchQuery query) {
        return searchUids(CURRENT, query);
    }

    @Override
    public List<Long> searchUids(EmailConnection connection, SearchQuery query) {
        Objects.requireNonNull(query, "query must not be null");
        return run(connection, "searchUids", physical -> physical.searchUids(query));
    }

    @Override
    public FolderStatus folderStatus(String folder) {
        return folderStatus(CURRENT, folder);
    }

    @Override
    public FolderStatus folderStatus(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        return run(connection, "folderStatus", physical -> physical.status(name));
    }

    @Override
    public FolderInfo examineFolder(String folder) {
        return examineFolder(CURRENT, folder);
    }

    @Override
    public FolderInfo examineFolder(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        return run(connection, "examineFolder", physical -> physical.select(name, true));
    }

    @Override
    public List<MessageInfo> listMessagesAfter(long uid, int limit) {
        return listMessagesAfter(CURRENT, uid, limit);
    }

    @Override
    public List<MessageInfo> listMessagesAfter(EmailConnection connection, long uid, int limit) {
        if (uid < 0) {
            throw new IllegalArgumentException("uid must be 0 (the first page) or a message's UID, not " + uid);
        }
        Arguments.requirePositive(limit, "limit");
        return run(connection, "listMessagesAfter", physical -> physical.listAfter(uid, limit));
    }

    @Override
    public List<MessageInfo> listMessagesBefore(long uid, int limit) {
        return listMessagesBefore(CURRENT, uid, limit);
    }

    @Override
    public List<MessageInfo> listMessagesBefore(EmailConnection connection, long uid, int limit) {
        Arguments.requireUid(uid);
        Arguments.requirePositive(limit, "limit");
        return run(connection, "listMessagesBefore", physical -> physical.listBefore(uid, limit));
    }

    @Override
    public void addFlags(Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords) {
        addFlags(CURRENT, uids, flags, keywords);
    }

    @Override
    public void addFlags(EmailConnection connection, Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords) {
        changeFlags(connection, uids, flags, keywords, true);
    }

    @Override
    public void removeFlags(Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords) {
        removeFlags(CURRENT, uids, flags, keywords);
    }

    @Override
    public void removeFlags(EmailConnection connection, Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords) {
        changeFlags(connection, uids, flags, keywords, false);
    }

    private void changeFlags(EmailConnection connection, Collection<Long> uids, Set<MessageFlag> flags, Set<String> keywords,
                             boolean add) {
        List<Long> checkedUids = Arguments.requireUids(uids);
        Objects.requireNonNull(flags, "flags must not be null");
        Objects.requireNonNull(keywords, "keywords must not be null");
        if (flags.isEmpty() && keywords.isEmpty()) {
            throw new IllegalArgumentException("flags and keywords must not both be empty");
        }
        Set<MessageFlag> checkedFlags = Set.copyOf(flags);
        Set<String> checkedKeywords = Set.copyOf(keywords.stream().map(Arguments::requireKeyword).toList());
        run(connection, "changeFlags", physical -> {
            physical.changeFlags(checkedUids, checkedFlags, checkedKeywords, add);
            return null;
        });
    }

    @Override
    public Map<Long, Long> copyMessages(Collection<Long> uids, String targetFolder) {
        return copyMessages(CURRENT, uids, targetFolder);
    }

    @Override
    public Map<Long, Long> copyMessages(EmailConnection connection, Collection<Long> uids, String targetFolder) {
        List<Long> checked = Arguments.requireUids(uids);
        String target = Arguments.requireFolder(targetFolder, "targetFolder");
        return run(connection, "copyMessages", physical -> physical.copyMessages(checked, target));
    }

    @Override
    public Map<Long, Long> moveMessages(Collection<Long> uids, String targetFolder) {
        return moveMessages(CURRENT, uids, targetFolder);
    }

    @Override
    public Map<Long, Long> moveMessages(EmailConnection connection, Collection<Long> uids, String targetFolder) {
        List<Long> checked = Arguments.requireUids(uids);
        String target = Arguments.requireFolder(targetFolder, "targetFolder");
        return run(connection, "moveMessages", physical -> physical.moveMessages(checked, target));
    }

    @Override
    public void deleteMessages(Collection<Long> uids) {
        deleteMessages(CURRENT, uids);
    }

    @Override
    public void deleteMessages(EmailConnection connection, Collection<Long> uids) {
        List<Long> checked = Arguments.requireUids(uids);
        run(connection, "deleteMessages", physical -> {
            physical.deleteMessages(checked);
            return null;
        });
    }

    @Override
    public FolderInfo renameFolder(String folder, String newName) {
        return renameFolder(CURRENT, folder, newName);
    }

    @Override
    public FolderInfo renameFolder(EmailConnection connection, String folder, String newName) {
        String from = Arguments.requireFolder(folder, "folder");
        String to = Arguments.requireFolder(newName, "newName");
        return run(connection, "renameFolder", physical -> physical.renameFolder(from, to));
    }

    @Override
    public void subscribe(String folder) {
        subscribe(CURRENT, folder);
    }

    @Override
    public void subscribe(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        run(connection, "subscribe", physical -> {
            physical.subscribe(name, true);
            return null;
        });
    }

    @Override
    public void unsubscribe(String folder) {
        unsubscribe(CURRENT, folder);
    }

    @Override
    public void unsubscribe(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        run(connection, "unsubscribe", physical -> {
            physical.subscribe(name, false);
            return null;
        });
    }

    @Override
    public boolean claim(long uid, String keyword) {
        return claim(CURRENT, uid, keyword);
    }

    @Override
    public boolean claim(EmailConnection connection, long uid, String keyword) {
        Arguments.requireUid(uid);
        String checked = requireClaimKeyword(keyword);
        return run(connection, "claim", physical -> physical.claim(uid, checked));
    }

    @Override
    public void unclaim(Collection<Long> uids, String keyword) {
        unclaim(CURRENT, uids, keyword);
    }

    @Override
    public void unclaim(EmailConnection connection, Collection<Long> uids, String keyword) {
        List<Long> checkedUids = Arguments.requireUids(uids);
        String checked = requireClaimKeyword(keyword);
        run(connection, "unclaim", physical -> {
            physical.unclaim(checkedUids, checked);
            return null;
        });
    }

    @Override
    public String claimMarker(String keyword) {
        return claimMarker(CURRENT, keyword);
    }

    @Override
    public String claimMarker(EmailConnection connection, String keyword) {
        String checked = requireClaimKeyword(keyword);
        return run(connection, "claimMarker", physical -> physical.claimMarker(checked));
    }

    /** A keyword with room for the claim's marker ({@code .} and 8 hex digits) within IMAP's 100 characters here. */
    private static String requireClaimKeyword(String keyword) {
        String checked = Arguments.requireKeyword(keyword);
        if (checked.length() > 91) {
            throw new IllegalArgumentException("claim keyword '" + checked + "' is " + checked.length()
                    + " characters long; at most 91 (the claim adds a marker of 9)");
        }
        return checked;
    }

    @Override
    public boolean awaitChanges(Duration limit) {
        return awaitChanges(CURRENT, limit);
    }

    @Override
    public boolean awaitChanges(EmailConnection connection, Duration limit) {
        Objects.requireNonNull(limit, "limit must not be null");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        if (stopRequested.getAndSet(false)) {
            return false;
        }
        return run(connection, "awaitChanges", physical -> {
            idling = physical;
            try {
                return physical.awaitChanges(limit, stopRequested);
            } finally {
                idling = null;
                stopRequested.set(false); // a stop asked during this wait was for this wait
            }
        });
    }

    @Override
    public void stopAwaiting() {
        stopRequested.set(true);
        ImapConnection waiting = idling;
        if (waiting != null) {
            waiting.wakeUp();
        }
    }
}
