package io.emailra.ra;

import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.imap.ImapConnection;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.resource.spi.ConnectionManager;

/** The managed connection factory of IMAP connections; see {@link MailManagedConnectionFactory} for the config properties. */
public class ImapManagedConnectionFactory extends MailManagedConnectionFactory<ImapConnection> {

    private static final long serialVersionUID = 1L;

    /**
     * The token of this factory's claim markers ({@code ImapClient.claim}): one per factory, so that a
     * mailbox learns one marker keyword per factory (servers never forget a keyword's name, and some
     * hold few), not one per connection.
     */
    private transient volatile String claimToken;

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    @Override
    protected ImapConnection connect(Session session, MailServerConfig config, Credentials credentials)
            throws MessagingException {
        return ImapConnection.open(session, config, credentials.user(), credentials.password(), claimToken());
    }

    private String claimToken() {
        String token = claimToken;
        if (token == null) {
            synchronized (this) {
                if (claimToken == null) {
                    claimToken = ImapConnection.newClaimToken();
                }
                token = claimToken;
            }
        }
        return token;
    }

    @Override
    protected Object newConnectionFactory(ConnectionManager connectionManager) {
        return new ImapClientFactoryImpl(this, connectionManager);
    }
}
