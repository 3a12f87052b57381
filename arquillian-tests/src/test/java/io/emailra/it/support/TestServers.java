package io.emailra.it.support;

import java.nio.file.Path;

import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * What the tests share with the server set up by {@link ServerSetup}: GreenMail's ports, the
 * connection pools and their JNDI names, and the GreenMail hooks in-container code calls.
 *
 * <p>The hooks travel through the system properties as JDK functional types, because test code
 * in the container and the set-up code on the class path see different class loaders.
 */
public final class TestServers {

    public static final int SMTP_PORT = 3025;
    public static final int POP3_PORT = 3110;
    public static final int IMAP_PORT = 3143;
    /** Where tests run a {@link TcpProxy} in front of GreenMail's IMAP port. */
    public static final int PROXIED_IMAP_PORT = 3243;

    /** The account the server-level pools are configured with. */
    public static final String POOL_USER = "pool@localhost";
    public static final String POOL_PASSWORD = "pool-secret";

    public static final String IMAP_POOL = "emailra-imap";
    public static final String POP3_POOL = "emailra-pop3";
    public static final String SMTP_POOL = "emailra-smtp";
    public static final String PROXIED_IMAP_POOL = "emailra-imap-proxied";

    public static final String IMAP_JNDI = "mail/imap";
    public static final String POP3_JNDI = "mail/pop3";
    public static final String SMTP_JNDI = "mail/smtp";
    public static final String PROXIED_IMAP_JNDI = "mail/imap-proxied";

    /** The real Dovecot's IMAP, STARTTLS, at most two connections; accounts alice, bob, carol, dave @emailra.test. */
    public static final String DOVECOT_IMAP_POOL = "emailra-dovecot-imap";
    public static final String DOVECOT_IMAP_JNDI = "mail/dovecot-imap";

    /**
     * Dovecot's IMAP behind a {@code TcpProxy} at {@link #PROXIED_DOVECOT_PORT}: plain text (the proxy
     * cuts at markers it must read), 3 s read time limit, checked at every reuse, at most two
     * connections, 2 s wait; signed on as bob.
     */
    public static final String PROXIED_DOVECOT_POOL = "emailra-dovecot-proxied";
    public static final String PROXIED_DOVECOT_JNDI = "mail/dovecot-proxied";
    public static final int PROXIED_DOVECOT_PORT = 3244;

    /** Like the pool above behind a proxy of its own at {@link #READINESS_DOVECOT_PORT}, for the readiness check's tests. */
    public static final String READINESS_DOVECOT_POOL = "emailra-dovecot-readiness";
    public static final String READINESS_DOVECOT_JNDI = "mail/dovecot-readiness";
    public static final int READINESS_DOVECOT_PORT = 3245;

    /** Dovecot's IMAP as it ships (10 connections per user and IP) through a pool of 32, signed on as carol. */
    public static final String DOVECOT_LIMITS_POOL = "emailra-dovecot-limits";
    public static final String DOVECOT_LIMITS_JNDI = "mail/dovecot-limits";
    public static final String DOVECOT_LIMITS_USER = "carol@emailra.test";

    /** Postfix's submission port, STARTTLS, trusting the test CA, signed on as alice. */

    public static final String POSTFIX_SMTP_POOL = "emailra-postfix-smtp";
    public static final String POSTFIX_SMTP_JNDI = "mail/postfix-smtp";

    /** Postfix's submission port as above, {@code deliveryMode=ON_COMMIT}, journal in {@link #onCommitJournal()}. */
    public static final String POSTFIX_ON_COMMIT_POOL = "emailra-postfix-on-commit";
    public static final String POSTFIX_ON_COMMIT_JNDI = "mail/postfix-on-commit";

    static final String CREATE_USER_HOOK = "emailra.it.greenmail.createUser";
    static final String CREATE_FOLDER_HOOK = "emailra.it.greenmail.createFolder";

    private TestServers() {
    }

    /** The journal of the ON_COMMIT pool: under the build's target directory (embedded Payara runs in the build's JVM). */
    public static Path onCommitJournal() {
        return Path.of(System.getProperty("user.dir"), "target", "on-commit-journal").toAbsolutePath();
    }

    /** A new GreenMail mailbox whose login and password are its address. */
    public static String newMailbox() {
        String address = "u" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
        hook(CREATE_USER_HOOK).accept(address, address);
        return address;
    }

    public static void createFolder(String mailbox, String folder) {
        hook(CREATE_FOLDER_HOOK).accept(mailbox, folder);
    }

    @SuppressWarnings("unchecked")
    private static BiConsumer<String, String> hook(String name) {
        Object hook = System.getProperties().get(name);
        if (hook == null) {
            throw new IllegalStateException("GreenMail hook " + name + " missing: ServerSetup did not run");
        }
        return (BiConsumer<String, String>) hook;
    }
}
