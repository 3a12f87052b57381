package io.emailra.ra.pop3;

import io.emailra.api.EmailConnection;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.ra.client.AbstractEmailClient;
import io.emailra.ra.client.Arguments;
import io.emailra.ra.client.ClientContext;
import jakarta.mail.internet.MimeMessage;

import java.util.List;

/** The {@link Pop3Client}: checks arguments, then runs each operation on its connection's {@link Pop3Session}. */
final class PooledPop3Client extends AbstractEmailClient<Pop3Session> implements Pop3Client {

    PooledPop3Client(ClientContext<Pop3Session> context) {
        super(context);
    }

    @Override
    public int messageCount() {
        return messageCount(CURRENT);
    }

    @Override
    public int messageCount(EmailConnection connection) {
        return run(connection, Pop3Session::count);
    }

    @Override
    public List<Pop3MessageInfo> listMessages() {
        return listMessages(CURRENT);
    }

    @Override
    public List<Pop3MessageInfo> listMessages(EmailConnection connection) {
        return run(connection, Pop3Session::list);
    }

    @Override
    public MimeMessage fetchMessage(int messageNumber) {
        return fetchMessage(CURRENT, messageNumber);
    }

    @Override
    public MimeMessage fetchMessage(EmailConnection connection, int messageNumber) {
        Arguments.requirePositive(messageNumber, "messageNumber");
        return run(connection, session -> session.fetch(messageNumber));
    }

    @Override
    public MimeMessage fetchMessage(String uid) {
        return fetchMessage(CURRENT, uid);
    }

    @Override
    public MimeMessage fetchMessage(EmailConnection connection, String uid) {
        Arguments.requireText(uid, "uid");
        return run(connection, session -> session.fetch(uid));
    }

    @Override
    public void deleteMessage(String uid) {
        deleteMessage(CURRENT, uid);
    }

    @Override
    public void deleteMessage(EmailConnection connection, String uid) {
        Arguments.requireText(uid, "uid");
        run(connection, session -> {
            session.delete(uid);
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
        run(connection, session -> {
            session.delete(messageNumber);
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
            session.commitDeletes();
            return null;
        });
    }
}
