package io.emailra.bench.jmh;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.SmtpManagedConnectionFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import jakarta.resource.ResourceException;

import java.time.Duration;

/** An in-process GreenMail SMTP server on 127.0.0.1 and an emailra client factory for it on a pool of its own. */
final class GreenMailSmtp implements AutoCloseable {

    private final GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private final NonManagedConnectionManager pool;
    private final SmtpClientFactory factory;

    GreenMailSmtp(int poolSize) throws ResourceException {
        greenMail.start();
        SmtpManagedConnectionFactory managed = new SmtpManagedConnectionFactory();
        managed.setHost("127.0.0.1");
        managed.setPort(port());
        managed.setTransportSecurity("NONE");
        pool = new NonManagedConnectionManager(managed, new PoolSettings(poolSize, Duration.ofSeconds(10),
                Duration.ofMinutes(10)));
        factory = (SmtpClientFactory) managed.createConnectionFactory(pool);
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    SmtpClientFactory factory() {
        return factory;
    }

    /** Forgets what it received. */
    void empty() throws FolderException {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @Override
    public void close() {
        pool.close();
        greenMail.stop();
    }
}
