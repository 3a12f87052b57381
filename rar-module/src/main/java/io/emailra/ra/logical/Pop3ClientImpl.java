package io.emailra.ra.logical;

import io.emailra.api.EmailConnection;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.ra.physical.pop3.Pop3Connection;
import jakarta.mail.internet.MimeMessage;

import java.util.List;

/** The {@link Pop3Client}: checks arguments, then runs each operation on its connection's {@link Pop3Connection}. */
public final class Pop3ClientImpl extends AbstractEmailClient<Pop3Connection> implements Pop3Client {

    public Pop3ClientImpl(ClientContext<Pop3Connection> context) {
        super(context);
    }

    @Override
    public int messageCount() {
        return messageCount(CURRENT);
    }

    @Override
    public int messageCount(EmailConnection connection) {
        return run(connection, "messageCount", Pop3Connection::count);
    }

    @Override
    public List<Pop3MessageInfo> listMessages() {
        return listMessages(CURRENT);
    }

    @Override
    public List<Pop3MessageInfo> listMessages(EmailConnection connection) {
        return run(connection, "listMessages", Pop3Connection::list);
    }

    @Override
    public MimeMessage fetchMessage(int messageNumber) {
        return fetchMessage(CURRENT, messageNumber);
    }

    @Override
    public MimeMessage fetchMessage(EmailConnection connection, int messageNumber) {
        Arguments.requirePositive(messageNumber, "messageNumber");
        return run(connection, "fetchMessage", physical -> physical.fetch(messageNumber));
    }

    @Override
    public MimeMessage fetchMessage(String uid) {
        return fetchMessage(CURRENT, uid);
    }

    @Override
    public MimeMessage fetchMessage(EmailConnection connection, String uid) {
        Arguments.requireText(uid, "uid");
        return run(connection, "fetchMessage", physical -> physical.fetch(uid));
    }

    @Override
    public void deleteMessage(String uid) {
        deleteMessage(CURRENT, uid);
    }

    @Override
    public void deleteMessage(EmailConnection connection, String uid) {
        Arguments.requireText(uid, "uid");
        run(connection, "deleteMessage", physical -> {
            physical.delete(uid);
            return null;
        });
    }

    @Override
    public void deleteMessage(int messageNumber) {
        deleteMessage(CURRENT, messageNumber);
    }

    @Override
    public void deleteMessage(EmailConnection connection, int messageNumber) {
        Arguments.requirePositive(messageNumber, "messageNumber");
        run(connection, "deleteMessage", physical -> {
            physical.delete(messageNumber);
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
            physical.commitDeletes();
            return null;
        });
    }
}
