package io.emailra.ra.config;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.io.IOException;
import java.util.Properties;

/** Turns a {@link MailServerConfig} into the Jakarta Mail session properties Angus reads. */
public final class MailSessionProperties {

    /** TLS versions offered; older ones are broken. */
    static final String TLS_PROTOCOLS = "TLSv1.3 TLSv1.2";

    private MailSessionProperties() {
    }

    public static Properties of(MailServerConfig config) {
        String prefix = "mail." + config.protocol().name(config.security()) + ".";
        Properties properties = new Properties();
        properties.setProperty(prefix + "host", config.host());
        properties.setProperty(prefix + "port", Integer.toString(config.port()));
        properties.setProperty(prefix + "connectiontimeout", Integer.toString(config.connectTimeoutMillis()));
        properties.setProperty(prefix + "timeout", Integer.toString(config.readTimeoutMillis()));
        // A server that stops reading (in SMTP DATA, an IMAP APPEND) must not block a write for ever.
        properties.setProperty(prefix + "writetimeout", Integer.toString(config.readTimeoutMillis()));
        properties.put(prefix + "executor.writetimeout", WriteTimeouts.scheduler());
        switch (config.security()) {
            case STARTTLS -> {
                properties.setProperty(prefix + "starttls.enable", "true");
                properties.setProperty(prefix + "starttls.required", "true");
            }
            case TLS -> properties.setProperty(prefix + "ssl.enable", "true");
            case NONE -> { }
        }
        if (config.security() != TransportSecurity.NONE) {
            properties.setProperty(prefix + "ssl.checkserveridentity", Boolean.toString(config.checkServerIdentity()));
            properties.setProperty(prefix + "ssl.protocols", TLS_PROTOCOLS);
            if (config.trustStore() != null) {
                properties.put(prefix + "ssl.socketFactory", socketFactory(config));
            }
        }
        if (config.protocol() == Protocol.SMTP) {
            // Each recipient's reply, accepted ones too, and the message sent to those accepted
            // even when others are refused: SmtpConnection reports the outcome per recipient.
            properties.setProperty(prefix + "reportsuccess", "true");
            properties.setProperty(prefix + "sendpartial", "true");
        }
        if (config.oauth2TokenProvider() != null) {
            properties.setProperty(prefix + "auth.mechanisms", "XOAUTH2");
            properties.setProperty(prefix + "auth.xoauth2.disable", "false");
            if (config.protocol() == Protocol.SMTP) {
                properties.setProperty(prefix + "auth", "true"); // SMTP signs on only when told to
            }
        }
        properties.putAll(config.mailProperties());
        return properties;
    }

    private static SSLSocketFactory socketFactory(MailServerConfig config) {
        String owner = config.protocol() + " connection factory";
        char[] password = config.trustStorePassword() == null ? null : config.trustStorePassword().toCharArray();
        try {
            KeyStore trusted = KeyStore.getInstance(new File(config.trustStore()), password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(owner, "trustStore", config.trustStore(),
                    "a readable PKCS12 or JKS key store with its trustStorePassword (" + e.getMessage() + ")");
        }
    }
}
