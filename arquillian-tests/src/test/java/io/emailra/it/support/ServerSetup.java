package io.emailra.it.support;

import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.core.api.annotation.Observes;

import io.emailra.testsupport.MailServers;

import java.nio.file.Path;
import java.util.function.BiConsumer;

import static io.emailra.it.support.TestServers.*;

/**
 * Once the embedded server is up, and before any test deployment: starts GreenMail, then prepares
 * the server the way the README tells an operator to: the global class-loading policy, the RAR
 * deployed on its own, and connector connection pools and resources created with asadmin.
 */
public class ServerSetup {

    private static IsolatedGreenMail greenMail;

    public void afterStart(@Observes AfterStart event) throws Exception {
        prepare(POOL_USER, POOL_PASSWORD);
        createRealServerPools();
    }

    /**
     * Prepares the running embedded server once: GreenMail with one account, and the server-level
     * pools {@code mail/imap}, {@code mail/pop3} and {@code mail/smtp} signed on as that account.
     */
    public static synchronized void prepare(String user, String password) throws Exception {
        if (greenMail != null) {
            return;
        }
        greenMail = IsolatedGreenMail.start(Path.of(System.getProperty("emailra.it.greenmail.lib")),
                SMTP_PORT, POP3_PORT, IMAP_PORT);
        greenMail.createUser(user, user, password);
        System.getProperties().put(CREATE_USER_HOOK,
                (BiConsumer<String, String>) (email, secret) -> greenMail.createUser(email, email, secret));
        System.getProperties().put(CREATE_FOLDER_HOOK, (BiConsumer<String, String>) greenMail::createFolder);
        Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));

        Asadmin.require("set", "configs.config.server-config.connector-service.class-loading-policy=global");
        Asadmin.require("deploy", "--name", "emailra", System.getProperty("emailra.it.rar"));
        String greenMailAccount = ":transportSecurity=NONE:userName=" + user + ":password=" + password;
        createPool(IMAP_POOL, IMAP_JNDI, "ImapClientFactory", 16, 5000, server(IMAP_PORT) + greenMailAccount);
        createPool(POP3_POOL, POP3_JNDI, "Pop3ClientFactory", 16, 5000, server(POP3_PORT) + greenMailAccount);
        createPool(SMTP_POOL, SMTP_JNDI, "SmtpClientFactory", 16, 5000, server(SMTP_PORT) + greenMailAccount);
        // Connections the proxy cut while idle must not be handed out again: check at every reuse.
        createPool(PROXIED_IMAP_POOL, PROXIED_IMAP_JNDI, "ImapClientFactory", 16, 5000,
                server(PROXIED_IMAP_PORT) + greenMailAccount + ":validateAfterIdleMillis=0");
    }

    /**
     * The tests' pools to the real Dovecot and Postfix (scripts/mail-servers.sh): Dovecot's IMAP with
     * STARTTLS and at most two connections; Dovecot behind a proxy for the fault tests; Postfix's
     * submission port. The demo does without them.
     */
    private static void createRealServerPools() {
        MailServers servers = MailServers.load();
        String trust = ":trustStore=" + servers.trustStore() + ":trustStorePassword=" + servers.trustStorePassword();
        createPool(DOVECOT_IMAP_POOL, DOVECOT_IMAP_JNDI, "ImapClientFactory", 2, 10000,
                server(servers.port("imap")) + trust);
        createPool(PROXIED_DOVECOT_POOL, PROXIED_DOVECOT_JNDI, "ImapClientFactory", 2, 2000,
                server(PROXIED_DOVECOT_PORT) + ":transportSecurity=NONE:readTimeoutMillis=3000"
                        + ":validateAfterIdleMillis=0" + account("bob@emailra.test"));
        createPool(READINESS_DOVECOT_POOL, READINESS_DOVECOT_JNDI, "ImapClientFactory", 2, 2000,
                server(READINESS_DOVECOT_PORT) + ":transportSecurity=NONE:readTimeoutMillis=3000"
                        + ":validateAfterIdleMillis=0" + account("bob@emailra.test"));
        createPool(DOVECOT_LIMITS_POOL, DOVECOT_LIMITS_JNDI, "ImapClientFactory", 32, 60000,
                server(servers.port("imap")) + trust + account(DOVECOT_LIMITS_USER));
        createPool(POSTFIX_SMTP_POOL, POSTFIX_SMTP_JNDI, "SmtpClientFactory", 4, 5000,
                server(servers.port("submission")) + trust + account("alice@emailra.test"));
        createPool(POSTFIX_ON_COMMIT_POOL, POSTFIX_ON_COMMIT_JNDI, "SmtpClientFactory", 4, 5000,
                server(servers.port("submission")) + trust + account("alice@emailra.test")
                        + ":deliveryMode=ON_COMMIT:retryForMillis=300000:journalDirectory=" + onCommitJournal());
    }

    private static String server(int port) {
        return "host=127.0.0.1:port=" + port;
    }

    private static String account(String user) {
        return ":userName=" + user + ":password=" + MailServers.password(user);
    }

    /**
     * A pool with the settings the README recommends (connections matched by credentials, one created
     * at a time, validated before reuse) and its resource; of the config properties, only what differs
     * from the ra.xml defaults.
     */
    private static void createPool(String pool, String jndiName, String factoryInterface, int maxPoolSize,
                                   int maxWaitMillis, String properties) {
        Asadmin.require("create-connector-connection-pool", "--raname", "emailra",
                "--connectiondefinition", "io.emailra.api." + factoryInterface, "--steadypoolsize", "0",
                "--maxpoolsize", Integer.toString(maxPoolSize), "--maxwait", Integer.toString(maxWaitMillis),
                "--poolresize", "1", "--matchconnections=true", "--isconnectvalidatereq=true",
                "--property", properties, pool);
        Asadmin.require("create-connector-resource", "--poolname", pool, jndiName);
    }
}
