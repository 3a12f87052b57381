package io.emailra.ra;

import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.pop3.Pop3Connection;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.resource.spi.ConnectionManager;

/** The managed connection factory of POP3 connections; see {@link MailManagedConnectionFactory} for the config properties. */
public class Pop3ManagedConnectionFactory extends MailManagedConnectionFactory<Pop3Connection> {

    private static final long serialVersionUID = 1L;

    @Override
    public Protocol protocol() {
        return Protocol.POP3;
    }

    @Override
    protected Pop3Connection connect(Session session, MailServerConfig config, Credentials credentials)
            throws MessagingException {
        return Pop3Connection.open(session, config, credentials.user(), credentials.password());
    }

    @Override
    protected Object newConnectionFactory(ConnectionManager connectionManager) {
        return new Pop3ClientFactoryImpl(this, connectionManager);
    }
}
