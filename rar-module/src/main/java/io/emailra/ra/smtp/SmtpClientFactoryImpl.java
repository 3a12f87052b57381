package io.emailra.ra.smtp;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.client.AbstractClientFactory;
import io.emailra.ra.client.ClientContext;
import jakarta.resource.spi.ConnectionManager;

/** The {@link SmtpClientFactory} bound in JNDI. */
public final class SmtpClientFactoryImpl extends AbstractClientFactory<SmtpClient, SmtpSession>
        implements SmtpClientFactory {

    private static final long serialVersionUID = 1L;

    public SmtpClientFactoryImpl(MailManagedConnectionFactory<SmtpSession> managedFactory,
                                 ConnectionManager connectionManager) {
        super(managedFactory, connectionManager);
    }

    @Override
    protected SmtpClient newClient(ClientContext<SmtpSession> context) {
        return new PooledSmtpClient(context);
    }
}
