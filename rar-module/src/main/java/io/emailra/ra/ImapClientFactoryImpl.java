package io.emailra.ra;

import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.ra.logical.ClientContext;
import io.emailra.ra.logical.ImapClientImpl;
import io.emailra.ra.physical.imap.ImapConnection;
import io.emailra.ra.physical.imap.ImapSelection;
import jakarta.resource.spi.ConnectionManager;

/** The {@link ImapClientFactory} bound in JNDI. */
public final class ImapClientFactoryImpl extends AbstractClientFactory<ImapClient, ImapConnection>
        implements ImapClientFactory {

    private static final long serialVersionUID = 1L;

    public ImapClientFactoryImpl(MailManagedConnectionFactory<ImapConnection> managedFactory,
                                 ConnectionManager connectionManager) {
        super(managedFactory, connectionManager);
    }

    @Override
    protected Object newConnectionState() {
        return new ImapSelection();
    }

    @Override
    protected ImapClient newClient(ClientContext<ImapConnection> context) {
        return new ImapClientImpl(context);
    }
}
