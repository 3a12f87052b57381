package io.emailra.servers;

import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server, set up by its recipes in docs/DEPLOYING.md as written, with the sample WAR deployed:
 * mail sent through the sample over STARTTLS to Postfix and read back from Dovecot, mail answered by
 * the sample's message-driven bean, one client across two transactions (R9), another user's mailbox
 * through {@code getClient(user, password)}, and a wrong {@code allocationMode} whose message the
 * operator finds where the document says.
 *
 * <p>A server's recipes are {@code <server>/start} (optional: the server in the foreground, run here
 * in the background), {@code <server>/setup}, {@code <server>/bad-value} and {@code <server>/stop}
 * (optional). They use the variables the document lists, set here to the test mail servers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerRecipeIT {

    static final String JDK17 = "/usr/lib/jvm/java-17-openjdk-amd64";
    static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64";
    static final Duration SETUP_LIMIT = Duration.ofMinutes(6);

    final MailServers mail = MailServers.load();
    final String alice = mail.users().get(0);
    final String bob = mail.users().get(1);
    Shell shell;
    SampleApp sample;
    private Process foreground;

    /** The server's name, e.g. {@code glassfish7}: its work directory and the label of its mail. */
    abstract String server();

    /** The recipes' prefix in docs/DEPLOYING.md, e.g. {@code payara-glassfish}. */
    String recipes() {
        return server();
    }

    /** Unpacks the server; returns the variables naming where it is (e.g. {@code PAYARA_HOME}). */
    abstract Map<String, String> install() throws Exception;

    /** The sample's REST base URL on this server. */
    abstract String sampleUrl();

    /** The server's log, where the document says a wrong value shows up. */
    abstract Path serverLog();

    /** Where the output of the {@code start} recipe goes. */
    Path foregroundLog() {
        return Distribution.WORK.resolve(server()).resolve("foreground.log").toAbsolutePath();
    }

    /** What the {@code start} recipe prints once the server takes commands. */
    String started() {
        return "";
    }

    String javaHome() {
        return JDK17;
    }

    @BeforeAll
    void setUp() throws Exception {
        Map<String, String> variables = new HashMap<>(install());
        variables.put("JAVA_HOME", javaHome());
        variables.put("PATH", javaHome() + "/bin:" + System.getenv("PATH"));
        variables.put("EMAILRA_RAR", Distribution.DOWNLOADS.resolve("emailra.rar").toAbsolutePath().toString());
        variables.put("APP_WAR", Distribution.DOWNLOADS.resolve("emailra-sample.war").toAbsolutePath().toString());
        variables.put("MAIL_HOST", mail.host());
        variables.put("IMAP_PORT", String.valueOf(mail.port("imap")));
        variables.put("SMTP_PORT", String.valueOf(mail.port("submission")));
        variables.put("MAIL_USER", alice);
        variables.put("MAIL_PASSWORD", MailServers.password(alice));
        variables.put("TRUST_STORE", mail.trustStore());
        variables.put("TRUST_STORE_PASSWORD", mail.trustStorePassword());
        Path directory = Distribution.WORK.resolve(server()).toAbsolutePath();
        Files.createDirectories(directory);
        shell = new Shell(directory, variables);
        Optional<String> start = Recipes.find(recipes() + "/start");
        if (start.isPresent()) {
            foreground = shell.background(start.get(), foregroundLog());
            Await.until(server() + " started: '" + started() + "' in " + foregroundLog(), SETUP_LIMIT,
                    () -> Optional.of(read(foregroundLog())).filter(log -> log.contains(started())));
        }
        Optional<String> setup = Recipes.find(recipes() + "/setup");
        if (setup.isPresent()) {
            shell.run(setup.get(), SETUP_LIMIT);
        }
        sample = new SampleApp(sampleUrl());
        sample.awaitDeployed(SETUP_LIMIT);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (shell == null) {
            return;
        }
        Optional<String> stop = Recipes.find(recipes() + "/stop");
        if (stop.isPresent()) {
            shell.attempt(stop.get(), Duration.ofMinutes(2));
        }
        if (foreground != null) {
            Shell.stop(foreground);
        }
        // The next server class listens on the same port: a server still stopping would fail it obscurely.
        int port = URI.create(sampleUrl()).getPort();
        Await.until(server() + " released port " + port, Duration.ofSeconds(60),
                () -> Optional.of(port).filter(ServerRecipeIT::free));
    }

    private static boolean free(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // a connection in TIME_WAIT is no listener
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException listening) {
            return false;
        }
    }

    @Test
    void sendsOverStartTlsAndReadsBackFromDovecot() {
        String subject = "recipe " + server() + " " + UUID.randomUUID();
        String messageId = sample.post("/send", Map.of("from", alice, "to", alice, "subject", subject,
                "text", "sent on " + server()));
        assertTrue(messageId.contains("messageId"), messageId);
        long uid = Await.until(subject + " in " + alice + "'s INBOX", Duration.ofSeconds(30),
                () -> SampleApp.uidOf(sample.get("/inbox"), subject));
        assertEquals("sent on " + server(), sample.get("/messages/" + uid).strip());
        assertEquals("sent on " + server(), sample.get("/messages/" + uid + "/parts/1").strip(),
                "the message's one part, streamed from Dovecot to the HTTP response");
    }

    /**
     * The sample's message-driven bean, activated on this server by its own descriptor, with its
     * activation config read from the environment the recipes set: mail whose subject holds "[echo]"
     * is answered (once: the answer is Auto-Submitted, delivered to the bean too, and not answered).
     */
    @Test
    void theSampleBeanAnswersEchoMail() {
        String subject = "[echo] " + server() + " " + UUID.randomUUID();
        sample.post("/send", Map.of("from", alice, "to", alice, "subject", subject, "text", "answer me"));
        Await.until("the answer to '" + subject + "' in " + alice + "'s INBOX", Duration.ofSeconds(90),
                () -> SampleApp.uidOf(sample.get("/inbox"), "Re: " + subject));
    }

    @Test
    void oneClientSpansTwoTransactionsEachWithItsOwnDefaultConnection() {
        String outcome = sample.get("/transactions").replace(" ", "");
        assertTrue(outcome.contains("\"firstReleasedAtCommit\":true"), outcome);
        assertTrue(outcome.contains("\"secondReleasedAtCommit\":true"), outcome);
        assertTrue(outcome.contains("\"clientOpen\":true"), outcome);
        String first = outcome.replaceAll(".*\"first\":\"([^\"]+)\".*", "$1");
        String second = outcome.replaceAll(".*\"second\":\"([^\"]+)\".*", "$1");
        assertNotEquals(first, second, outcome);
    }

    @Test
    void readsAnotherUsersMailboxWithTheCredentialsTheApplicationGives() {
        String subject = "for bob on " + server() + " " + UUID.randomUUID();
        sample.post("/send", Map.of("from", alice, "to", bob, "subject", subject, "text", "hello bob"));
        Map<String, String> credentials = Map.of("user", bob, "password", MailServers.password(bob));
        Await.until(subject + " in " + bob + "'s INBOX", Duration.ofSeconds(30),
                () -> SampleApp.uidOf(sample.post("/inbox-of", credentials), subject));
        assertTrue(SampleApp.uidOf(sample.get("/inbox"), subject).isEmpty(), "bob's message is not in alice's INBOX");
    }

    /**
     * Runs {@code <server>/bad-value}, a factory with {@code allocationMode=USE_ANY} and the server's
     * own check of it; where a server has no command line to run it on (Payara Micro),
     * {@code <server>/bad-value-boot} boots a second instance whose log must show it.
     */
    @Test
    void aWrongAllocationModeIsNamedWhereTheOperatorLooks() throws Exception {
        List<String> expected = List.of("allocationMode", "USE_ANY", "USE_MAIN_OR_DEFAULT");
        Optional<String> boot = Recipes.find(recipes() + "/bad-value-boot");
        if (boot.isPresent()) {
            Path log = Distribution.WORK.resolve(server()).resolve("bad-value-boot.log").toAbsolutePath();
            Process checked = shell.background(boot.get(), log);
            try {
                Await.until("emailra's message about USE_ANY in " + log, SETUP_LIMIT,
                        () -> Optional.of(read(log)).filter(text -> expected.stream().allMatch(text::contains)));
            } finally {
                Shell.stop(checked);
            }
            return;
        }
        Shell.Result result = shell.attempt(Recipes.get(recipes() + "/bad-value"), Duration.ofMinutes(2));
        String seen = result.output() + "\n" + read(serverLog());
        for (String word : expected) {
            assertTrue(seen.contains(word), "'" + word + "' neither in the output of the recipe nor in "
                    + serverLog() + "; output:\n" + result.output());
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new AssertionError("cannot read " + log, e);
        }
    }
}
