package io.emailra.ra;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.logical.ClientContext;
import io.emailra.ra.logical.SmtpClientImpl;
import io.emailra.ra.physical.smtp.SmtpConnection;
import jakarta.resource.spi.ConnectionManager;

/** The {@link SmtpClientFactory} bound in JNDI. */
public final class SmtpClientFactoryImpl extends AbstractClientFactory<SmtpClient, SmtpConnection>
        implements SmtpClientFactory {

    private static final long serialVersionUID = 1L;

    public SmtpClientFactoryImpl(MailManagedConnectionFactory<SmtpConnection> managedFactory,
                                 ConnectionManager connectionManager) {
        super(managedFactory, connectionManager);
    }

    @Override
    protected SmtpClient newClient(ClientContext<SmtpConnection> context) {
        return new SmtpClientImpl(context);
    }
}
