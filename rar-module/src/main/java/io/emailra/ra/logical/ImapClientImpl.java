package io.emailra.ra.logical;

import io.emailra.api.EmailConnection;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.SearchQuery;
import io.emailra.ra.physical.imap.ImapConnection;
import jakarta.mail.internet.MimeMessage;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/** The {@link ImapClient}: checks arguments, then runs each operation on its connection's {@link ImapConnection}. */
public final class ImapClientImpl extends AbstractEmailClient<ImapConnection> implements ImapClient {

    public ImapClientImpl(ClientContext<ImapConnection> context) {
        super(context);
    }

    @Override
    public List<FolderInfo> listFolders() {
        return listFolders(CURRENT);
    }

    @Override
    public List<FolderInfo> listFolders(EmailConnection connection) {
        return run(connection, ImapConnection::listFolders);
    }

    @Override
    public FolderInfo createFolder(String folder) {
        return createFolder(CURRENT, folder);
    }

    @Override
    public FolderInfo createFolder(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        return run(connection, physical -> physical.createFolder(name));
    }

    @Override
    public void deleteFolder(String folder) {
        deleteFolder(CURRENT, folder);
    }

    @Override
    public void deleteFolder(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        run(connection, physical -> {
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
        return run(connection, physical -> physical.select(name));
    }

    @Override
    public List<MessageInfo> listMessages() {
        return listMessages(CURRENT);
    }

    @Override
    public List<MessageInfo> listMessages(EmailConnection connection) {
        return run(connection, ImapConnection::list);
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
        return run(connection, physical -> physical.list(offset, limit));
    }

    @Override
    public MimeMessage fetchMessage(long uid) {
        return fetchMessage(CURRENT, uid);
    }

    @Override
    public MimeMessage fetchMessage(EmailConnection connection, long uid) {
        Arguments.requireUid(uid);
        return run(connection, physical -> physical.fetch(uid));
    }

    @Override
    public OptionalLong appendMessage(String folder, MimeMessage message) {
        return appendMessage(CURRENT, folder, message);
    }

    @Override
    public OptionalLong appendMessage(EmailConnection connection, String folder, MimeMessage message) {
        String name = Arguments.requireFolder(folder, "folder");
        Objects.requireNonNull(message, "message must not be null");
        return run(connection, physical -> physical.append(name, message));
    }

    @Override
    public void deleteMessage(long uid) {
        deleteMessage(CURRENT, uid);
    }

    @Override
    public void deleteMessage(EmailConnection connection, long uid) {
        Arguments.requireUid(uid);
        run(connection, physical -> {
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
        run(connection, physical -> {
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
        Arguments.requireSearchText(query.subjectContains(), "the subject to search for");
        Arguments.requireSearchText(query.fromContains(), "the sender to search for");
        return run(connection, physical -> physical.search(query));
    }

    @Override
    public void setFlags(Collection<Long> uids, Set<MessageFlag> flags, boolean value) {
        setFlags(CURRENT, uids, flags, value);
    }

    @Override
    public void setFlags(EmailConnection connection, Collection<Long> uids, Set<MessageFlag> flags, boolean value) {
        List<Long> checkedUids = List.copyOf(Arguments.requireElements(uids, "uids"));
        checkedUids.forEach(Arguments::requireUid);
        Set<MessageFlag> checkedFlags = Set.copyOf(Arguments.requireElements(flags, "flags"));
        run(connection, physical -> {
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
        return run(connection, physical -> physical.copy(uid, target));
    }

    @Override
    public OptionalLong move(long uid, String targetFolder) {
        return move(CURRENT, uid, targetFolder);
    }

    @Override
    public OptionalLong move(EmailConnection connection, long uid, String targetFolder) {
        Arguments.requireUid(uid);
        String target = Arguments.requireFolder(targetFolder, "targetFolder");
        return run(connection, physical -> physical.move(uid, target));
    }
}
