package io.emailra.ra.physical.imap;

import jakarta.mail.Session;
import org.eclipse.angus.mail.iap.CommandFailedException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;

import java.io.IOException;

/**
 * Angus's {@link IMAPStore} (plain or implicit TLS), except for one answer: Angus reports a server's
 * NO to STARTTLS as an {@code AuthenticationFailedException}, although no credentials were sent
 * (a PREAUTH server, say). Here it is a protocol failure, which emailra reports as a connection
 * failure with the server's reason.
 */
public final class ImapStore extends IMAPStore {

    public ImapStore(Session session, boolean implicitTls) {
        super(session, null, implicitTls ? "imaps" : "imap", implicitTls);
    }

    @Override
    protected IMAPProtocol newIMAPProtocol(String host, int port) throws IOException, ProtocolException {
        return new IMAPProtocol(name, host, port, session.getProperties(), isSSL, logger) {
            @Override
            public void startTLS() throws ProtocolException {
                try {
                    super.startTLS();
                } catch (CommandFailedException refused) {
                    String reason = refused.getResponse() != null ? refused.getResponse().getRest() : refused.getMessage();
                    throw new ProtocolException("the server refused STARTTLS: " + reason, refused);
                }
            }
        };
    }
}
