package io.emailra.bench;

import io.emailra.testsupport.MailServers;

/**
 * A server the benchmarks talk to, on 127.0.0.1: its port, whether STARTTLS is required, and the
 * account they sign on with. Trust comes from the test CA's trust store, for emailra and Angus alike.
 */
record Endpoint(String label, String host, int port, boolean startTls, String user, String password) {

    static Endpoint postfix(MailServers servers, String user) {
        return new Endpoint("Postfix, STARTTLS", servers.host(), servers.port("submission"), true, user,
                MailServers.password(user));
    }

    static Endpoint dovecot(MailServers servers, String user) {
        return new Endpoint("Dovecot, STARTTLS", servers.host(), servers.port("imap"), true, user,
                MailServers.password(user));
    }

    static Endpoint greenMail(int port, String user) {
        return new Endpoint("GreenMail, plain", "127.0.0.1", port, false, user, user);
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
