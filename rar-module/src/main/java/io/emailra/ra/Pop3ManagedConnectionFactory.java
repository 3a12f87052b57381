package io.emailra.ra;

import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.pop3.Pop3ClientFactoryImpl;
import io.emailra.ra.pop3.Pop3Session;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.resource.spi.ConnectionManager;

/** The managed connection factory of POP3 connections; see {@link MailManagedConnectionFactory} for the config properties. */
public class Pop3ManagedConnectionFactory extends MailManagedConnectionFactory<Pop3Session> {

    private static final long serialVersionUID = 1L;

    @Override
    public Protocol protocol() {
        return Protocol.POP3;
    }

    @Override
    protected Pop3Session connect(Session session, MailServerConfig config, Credentials credentials)
            throws MessagingException {
        return Pop3Session.open(session, config, credentials.user(), credentials.password());
    }

    @Override
    protected Object newConnectionFactory(ConnectionManager connectionManager) {
        return new Pop3ClientFactoryImpl(this, connectionManager);
    }
}
