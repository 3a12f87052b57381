package io.emailra.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Dovecot and Postfix of {@code scripts/mail-servers.sh}: their settings (from the
 * {@code servers.properties} the script writes) and their control (stop and start one of them).
 */
public final class MailServers {

    private final Properties properties = new Properties();

    private MailServers(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
    }

    public static MailServers load() {
        Path file = directory().resolve("servers.properties");
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no " + file + ": start the real mail servers with "
                    + "scripts/mail-servers.sh start (mvn verify does it before the integration tests)");
        }
        try {
            return new MailServers(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static Path directory() {
        String configured = System.getenv("EMAILRA_MAIL_DIR");
        return Path.of(configured != null ? configured : System.getProperty("emailra.mail.dir", "/tmp/emailra-mail"));
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

    /** The test accounts' addresses; each password is {@link #password(String)}. */
    public List<String> users() {
        String domain = properties.getProperty("domain");
        return List.of(properties.getProperty("users").split(" ")).stream().map(u -> u + "@" + domain).toList();
    }

    public static String password(String user) {
        return user.substring(0, user.indexOf('@')) + "-secret";
    }

    /** Where Dovecot keeps the user's Maildir. */
    public Path mailDirectory(String user) {
        return Path.of(properties.getProperty("mail.dir"), user.substring(0, user.indexOf('@')), "Maildir");
    }

    /**
     * How many messages in the user's Maildir (every folder's {@code new/} and {@code cur/}) hold the
     * text; a file Dovecot moves or removes while it is read is not counted (ask again, with a bound).
     */
    public long messagesHolding(String user, String text) {
        Path maildir = mailDirectory(user);
        if (!Files.isDirectory(maildir)) {
            return 0; // Dovecot makes a user's Maildir at the first delivery or login
        }
        List<Path> folders = new ArrayList<>(List.of(maildir));
        try (Stream<Path> children = Files.list(maildir)) {
            children.filter(path -> path.getFileName().toString().startsWith(".") && Files.isDirectory(path))
                    .forEach(folders::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long count = 0;
        for (Path folder : folders) {
            for (String part : List.of("new", "cur")) {
                Path directory = folder.resolve(part);
                if (!Files.isDirectory(directory)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(directory)) {
                    for (Path file : files.toList()) {
                        try {
                            if (Files.readString(file, StandardCharsets.ISO_8859_1).contains(text)) {
                                count++;
                            }
                        } catch (NoSuchFileException gone) {
                            // moved (new/ to cur/) or expunged while listed
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return count;
    }

    public Path log(String server) {
        return Path.of(properties.getProperty(server + ".log"));
    }

    /** Stops one server ({@code dovecot} or {@code postfix}); {@link #startAll()} brings it back. */
    public void stop(String server) {
        script("stop", server);
    }

    /** Dovecot ends every session of the user now ({@code doveadm kick}), as an operator would. */
    public void kick(String user) {
        script("kick", user);
    }

    /** Starts whichever server is stopped, and waits until every port listens. */
    public void startAll() {
        script("start");
    }

    private static void script(String... arguments) {
        String script = System.getProperty("emailra.mail.script", "scripts/mail-servers.sh");
        String[] command = new String[arguments.length + 1];
        command[0] = script;
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            // Output to a file, not a pipe: the servers the script starts would keep a pipe open.
            Path output = Files.createTempFile("mail-servers", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroy();
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(output));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }
}
