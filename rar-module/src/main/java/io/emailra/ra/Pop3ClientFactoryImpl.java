package io.emailra.ra;

import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.ra.logical.ClientContext;
import io.emailra.ra.logical.Pop3ClientImpl;
import io.emailra.ra.physical.pop3.Pop3Connection;
import io.emailra.ra.physical.pop3.Pop3Numbers;
import jakarta.resource.spi.ConnectionManager;

/** The {@link Pop3ClientFactory} bound in JNDI. */
public final class Pop3ClientFactoryImpl extends AbstractClientFactory<Pop3Client, Pop3Connection>
        implements Pop3ClientFactory {

    private static final long serialVersionUID = 1L;

    public Pop3ClientFactoryImpl(MailManagedConnectionFactory<Pop3Connection> managedFactory,
                                 ConnectionManager connectionManager) {
        super(managedFactory, connectionManager);
    }

    @Override
    protected Object newConnectionState() {
        return new Pop3Numbers();
    }

    @Override
    protected Pop3Client newClient(ClientContext<Pop3Connection> context) {
        return new Pop3ClientImpl(context);
    }
}
