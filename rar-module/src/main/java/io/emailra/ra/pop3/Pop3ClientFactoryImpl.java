package io.emailra.ra.pop3;

import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.client.AbstractClientFactory;
import io.emailra.ra.client.ClientContext;
import jakarta.resource.spi.ConnectionManager;

/** The {@link Pop3ClientFactory} bound in JNDI. */
public final class Pop3ClientFactoryImpl extends AbstractClientFactory<Pop3Client, Pop3Session>
        implements Pop3ClientFactory {

    private static final long serialVersionUID = 1L;

    public Pop3ClientFactoryImpl(MailManagedConnectionFactory<Pop3Session> managedFactory,
                                 ConnectionManager connectionManager) {
        super(managedFactory, connectionManager);
    }

    @Override
    protected Object newConnectionState() {
        return new Pop3Numbers();
    }

    @Override
    protected Pop3Client newClient(ClientContext<Pop3Session> context) {
        return new PooledPop3Client(context);
    }
}
