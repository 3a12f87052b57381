package io.emailra.ra.imap;

import io.emailra.api.EmailConnection;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.SearchQuery;
import io.emailra.ra.client.AbstractEmailClient;
import io.emailra.ra.client.Arguments;
import io.emailra.ra.client.ClientContext;
import jakarta.mail.internet.MimeMessage;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/** The {@link ImapClient}: checks arguments, then runs each operation on its connection's {@link ImapSession}. */
final class PooledImapClient extends AbstractEmailClient<ImapSession> implements ImapClient {

    PooledImapClient(ClientContext<ImapSession> context) {
        super(context);
    }

    @Override
    public List<FolderInfo> listFolders() {
        return listFolders(CURRENT);
    }

    @Override
    public List<FolderInfo> listFolders(EmailConnection connection) {
        return run(connection, ImapSession::listFolders);
    }

    @Override
    public FolderInfo createFolder(String folder) {
        return createFolder(CURRENT, folder);
    }

    @Override
    public FolderInfo createFolder(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        return run(connection, session -> session.createFolder(name));
    }

    @Override
    public void deleteFolder(String folder) {
        deleteFolder(CURRENT, folder);
    }

    @Override
    public void deleteFolder(EmailConnection connection, String folder) {
        String name = Arguments.requireFolder(folder, "folder");
        run(connection, session -> {
            session.deleteFolder(name);
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
        return run(connection, session -> session.select(name));
    }

    @Override
    public List<MessageInfo> listMessages() {
        return listMessages(CURRENT);
    }

    @Override
    public List<MessageInfo> listMessages(EmailConnection connection) {
        return run(connection, ImapSession::list);
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
        return run(connection, session -> session.list(offset, limit));
    }

    @Override
    public MimeMessage fetchMessage(long uid) {
        return fetchMessage(CURRENT, uid);
    }

    @Override
    public MimeMessage fetchMessage(EmailConnection connection, long uid) {
        Arguments.requireUid(uid);
        return run(connection, session -> session.fetch(uid));
    }

    @Override
    public OptionalLong appendMessage(String folder, MimeMessage message) {
        return appendMessage(CURRENT, folder, message);
    }

    @Override
    public OptionalLong appendMessage(EmailConnection connection, String folder, MimeMessage message) {
        String name = Arguments.requireFolder(folder, "folder");
        Objects.requireNonNull(message, "message must not be null");
        return run(connection, session -> session.append(name, message));
    }

    @Override
    public void deleteMessage(long uid) {
        deleteMessage(CURRENT, uid);
    }

    @Override
    public void deleteMessage(EmailConnection connection, long uid) {
        Arguments.requireUid(uid);
        run(connection, session -> {
            session.delete(uid);
            return null;
        });
    }

    @Override
    public void commitDeletes() {
        commitDeletes(CURRENT);
    }

    @Override
    public void commitDeletes(EmailConnection connection) {
        run(connection, session -> {
            session.expunge();
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
        return run(connection, session -> session.search(query));
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
        run(connection, session -> {
            session.setFlags(checkedUids, checkedFlags, value);
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
        return run(connection, session -> session.copy(uid, target));
    }

    @Override
    public OptionalLong move(long uid, String targetFolder) {
        return move(CURRENT, uid, targetFolder);
    }

    @Override
    public OptionalLong move(EmailConnection connection, long uid, String targetFolder) {
        Arguments.requireUid(uid);
        String target = Arguments.requireFolder(targetFolder, "targetFolder");
        return run(connection, session -> session.move(uid, target));
    }
}
