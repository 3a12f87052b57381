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
        createPool(IMAP_POOL, IMAP_JNDI, "io.emailra.api.ImapClientFactory", IMAP_PORT, user, password, "");
        createPool(POP3_POOL, POP3_JNDI, "io.emailra.api.Pop3ClientFactory", POP3_PORT, user, password, "");
        createPool(SMTP_POOL, SMTP_JNDI, "io.emailra.api.SmtpClientFactory", SMTP_PORT, user, password, "");
        // Connections the proxy cut while idle must not be handed out again: check at every reuse.
        createPool(PROXIED_IMAP_POOL, PROXIED_IMAP_JNDI, "io.emailra.api.ImapClientFactory", PROXIED_IMAP_PORT,
                user, password, ":validateAfterIdleMillis=0");
    }

    /**
     * The tests' pools to the real Dovecot and Postfix (scripts/mail-servers.sh): Dovecot's IMAP with
     * STARTTLS and at most two connections; Dovecot behind a proxy for the fault tests; Postfix's
     * submission port. The demo does without them.
     */
    private static void createRealServerPools() {
        MailServers servers = MailServers.load();
        Asadmin.require("create-connector-connection-pool", "--raname", "emailra",
                "--connectiondefinition", "io.emailra.api.ImapClientFactory", "--steadypoolsize", "0",
                "--maxpoolsize", "2", "--maxwait", "10000", "--poolresize", "1", "--matchconnections=true",
                "--isconnectvalidatereq=true", "--property",
                "host=127.0.0.1:port=" + servers.port("imap") + ":trustStore=" + servers.trustStore()
                        + ":trustStorePassword=" + servers.trustStorePassword(), DOVECOT_IMAP_POOL);
        Asadmin.require("create-connector-resource", "--poolname", DOVECOT_IMAP_POOL, DOVECOT_IMAP_JNDI);
        Asadmin.require("create-connector-connection-pool", "--raname", "emailra",
                "--connectiondefinition", "io.emailra.api.ImapClientFactory", "--steadypoolsize", "0",
                "--maxpoolsize", "2", "--maxwait", "2000", "--poolresize", "1", "--matchconnections=true",
                "--isconnectvalidatereq=true", "--property",
                "host=127.0.0.1:port=" + PROXIED_DOVECOT_PORT + ":transportSecurity=NONE:readTimeoutMillis=3000"
                        + ":validateAfterIdleMillis=0:userName=bob@emailra.test:password="
                        + MailServers.password("bob@emailra.test"), PROXIED_DOVECOT_POOL);
        Asadmin.require("create-connector-resource", "--poolname", PROXIED_DOVECOT_POOL, PROXIED_DOVECOT_JNDI);
        Asadmin.require("create-connector-connection-pool", "--raname", "emailra",
                "--connectiondefinition", "io.emailra.api.SmtpClientFactory", "--steadypoolsize", "0",
                "--maxpoolsize", "4", "--maxwait", "5000", "--poolresize", "1", "--matchconnections=true",
                "--isconnectvalidatereq=true", "--property",
                "host=127.0.0.1:port=" + servers.port("submission") + ":trustStore=" + servers.trustStore()
                        + ":trustStorePassword=" + servers.trustStorePassword() + ":userName=alice@emailra.test"
                        + ":password=" + MailServers.password("alice@emailra.test"), POSTFIX_SMTP_POOL);
        Asadmin.require("create-connector-resource", "--poolname", POSTFIX_SMTP_POOL, POSTFIX_SMTP_JNDI);
    }

    /**
     * The pool settings the README recommends (connections matched by credentials, one created at a
     * time, validated before reuse); of the config properties, only what differs from the ra.xml
     * defaults: the server, no TLS (GreenMail), the account.
     */
    private static void createPool(String pool, String jndiName, String factoryInterface, int port,
                                   String user, String password, String moreProperties) {
        Asadmin.require("create-connector-connection-pool", "--raname", "emailra",
                "--connectiondefinition", factoryInterface, "--steadypoolsize", "0", "--maxpoolsize", "16",
                "--maxwait", "5000", "--poolresize", "1", "--matchconnections=true",
                "--isconnectvalidatereq=true", "--property",
                "host=127.0.0.1:port=" + port + ":transportSecurity=NONE:userName=" + user
                        + ":password=" + password + moreProperties, pool);
        Asadmin.require("create-connector-resource", "--poolname", pool, jndiName);
    }
}
