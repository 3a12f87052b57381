package io.emailra.bench;

import jakarta.mail.Session;

import java.util.Properties;

/**
 * Jakarta Mail sessions for the plain Angus contenders, set up as emailra sets up its own: STARTTLS
 * required where the endpoint has it, the server's identity checked, the same time limits. They
 * trust the test CA through the JVM's default trust store, which the benchmark points at it.
 */
final class AngusSessions {

    private AngusSessions() {
    }

    static Session smtp(Endpoint endpoint) {
        Properties properties = common("smtp", endpoint);
        properties.setProperty("mail.smtp.auth", "true");
        return Session.getInstance(properties);
    }

    /** An IMAP session; {@code poolSize} is the size of the store's own connection pool (Angus's default is 1). */
    static Session imap(Endpoint endpoint, int poolSize) {
        Properties properties = common("imap", endpoint);
        properties.setProperty("mail.imap.connectionpoolsize", String.valueOf(poolSize));
        return Session.getInstance(properties);
    }

    private static Properties common(String protocol, Endpoint endpoint) {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.setProperty(prefix + "host", endpoint.host());
        properties.setProperty(prefix + "port", String.valueOf(endpoint.port()));
        properties.setProperty(prefix + "starttls.enable", String.valueOf(endpoint.startTls()));
        properties.setProperty(prefix + "starttls.required", String.valueOf(endpoint.startTls()));
        properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        properties.setProperty(prefix + "connectiontimeout", "10000");
        properties.setProperty(prefix + "timeout", "30000");
        return properties;
    }
}
