package io.emailra.ra;

import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.smtp.SmtpConnection;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.resource.spi.ConnectionManager;

/** The managed connection factory of SMTP connections; see {@link MailManagedConnectionFactory} for the config properties. */
public class SmtpManagedConnectionFactory extends MailManagedConnectionFactory<SmtpConnection> {

    private static final long serialVersionUID = 1L;

    @Override
    public Protocol protocol() {
        return Protocol.SMTP;
    }

    @Override
    protected SmtpConnection connect(Session session, MailServerConfig config, Credentials credentials)
            throws MessagingException {
        return SmtpConnection.open(session, config, credentials.user(), credentials.password());
    }

    @Override
    protected Object newConnectionFactory(ConnectionManager connectionManager) {
        return new SmtpClientFactoryImpl(this, connectionManager);
    }
}
