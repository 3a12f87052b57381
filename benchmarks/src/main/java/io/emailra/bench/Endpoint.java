package io.emailra.bench;

import io.emailra.testsupport.MailServers;

/**
 * A server the benchmarks talk to, on 127.0.0.1: its port, whether STARTTLS is required, the
 * account they sign on with, and how many connections the server lets one user have from one address
 * ({@link Integer#MAX_VALUE}: no limit that the benchmarks reach). Trust comes from the test CA's
 * trust store, for emailra and Angus alike.
 */
record Endpoint(String label, String host, int port, boolean startTls, String user, String password,
                int connectionsPerUser) {

    /** Dovecot's {@code mail_max_userip_connections} as Debian ships it (scripts/mail-servers.sh). */
    static final int DOVECOT_CONNECTIONS_PER_USER = 10;

    static Endpoint postfix(MailServers servers, String user) {
        return new Endpoint("Postfix, STARTTLS", servers.host(), servers.port("submission"), true, user,
                MailServers.password(user), Integer.MAX_VALUE);
    }

    static Endpoint dovecot(MailServers servers, String user) {
        return new Endpoint("Dovecot, STARTTLS", servers.host(), servers.port("imap"), true, user,
                MailServers.password(user), DOVECOT_CONNECTIONS_PER_USER);
    }

    static Endpoint greenMail(int port, String user) {
        return new Endpoint("GreenMail, plain", "127.0.0.1", port, false, user, user, Integer.MAX_VALUE);
    }

    /** The same server, signed on as another user of the test servers. */
    Endpoint as(String otherUser) {
        return new Endpoint(label, host, port, startTls, otherUser, MailServers.password(otherUser),
                connectionsPerUser);
    }

    /** The same server and account, reached through a proxy on 127.0.0.1 (which keeps the host name the certificate names). */
    Endpoint through(int proxyPort, String via) {
        return new Endpoint(label + ", " + via, host, proxyPort, startTls, user, password, connectionsPerUser);
    }

    /** emailra's {@code transportSecurity} for this endpoint. */
    String transportSecurity() {
        return startTls ? "STARTTLS" : "NONE";
    }

    @Override
    public String toString() {
        return label + " " + host + ":" + port + " as " + user;
    }
}
