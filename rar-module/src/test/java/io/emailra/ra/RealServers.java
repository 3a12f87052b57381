package io.emailra.ra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The real Dovecot and Postfix that {@code scripts/mail-servers.sh start} runs on 127.0.0.1 (the
 * build's pre-integration-test phase runs it), as its {@code servers.properties} describes them.
 */
public final class RealServers {

    private final Properties properties = new Properties();

    private RealServers(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
    }

    public static RealServers load() {
        Path file = Path.of(System.getProperty("emailra.mail.dir", "/tmp/emailra-mail"), "servers.properties");
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no " + file + ": start the real mail servers with "
                    + "scripts/mail-servers.sh start (mvn verify does it before the integration tests)");
        }
        try {
            return new RealServers(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    public String host() {
        return properties.getProperty("host");
    }

    public int port(String name) {
        return Integer.parseInt(properties.getProperty(name + ".port"));
    }

    public String trustStore() {
        return properties.getProperty("trustStore");
    }

    public String trustStorePassword() {
        return properties.getProperty("trustStorePassword");
    }

    /** The test accounts' addresses; each password is the local part followed by {@code -secret}. */
    public List<String> users() {
        String domain = properties.getProperty("domain");
        return List.of(properties.getProperty("users").split(" ")).stream().map(u -> u + "@" + domain).toList();
    }

    public static String password(String user) {
        return user.substring(0, user.indexOf('@')) + "-secret";
    }

    public Path log(String server) {
        return Path.of(properties.getProperty(server + ".log"));
    }

    /** Points the factory at one of the servers' ports, trusting the test CA, signed on as the user (or nobody). */
    public <M extends MailManagedConnectionFactory<?>> M configure(M factory, String portName, String security,
                                                                   String user) {
        factory.setHost(host());
        factory.setPort(port(portName));
        factory.setTransportSecurity(security);
        factory.setTrustStore(trustStore());
        factory.setTrustStorePassword(trustStorePassword());
        factory.setUserName(user);
        factory.setPassword(user == null ? null : password(user));
        return factory;
    }
}
