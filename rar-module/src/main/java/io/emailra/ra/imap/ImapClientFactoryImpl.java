package io.emailra.ra.imap;

import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.client.AbstractClientFactory;
import io.emailra.ra.client.ClientContext;
import jakarta.resource.spi.ConnectionManager;

/** The {@link ImapClientFactory} bound in JNDI. */
public final class ImapClientFactoryImpl extends AbstractClientFactory<ImapClient, ImapSession>
        implements ImapClientFactory {

    private static final long serialVersionUID = 1L;

    public ImapClientFactoryImpl(MailManagedConnectionFactory<ImapSession> managedFactory,
                                 ConnectionManager connectionManager) {
        super(managedFactory, connectionManager);
    }

    @Override
    protected Object newConnectionState() {
        return new ImapSelection();
    }

    @Override
    protected ImapClient newClient(ClientContext<ImapSession> context) {
        return new PooledImapClient(context);
    }
}
