package io.emailra.servers;

import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.Participant;
import io.emailra.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ON_COMMIT survives a crash: Payara Micro (JDK 17), started by docs/DEPLOYING.md's recipe (recovery
 * at start, a root directory with the transaction log that outlives the process), is killed with
 * SIGKILL while
 * <ul>
 *   <li>committed transactions' mail waits in the journal (the courier's first send is held by a
 *       proxy in front of Postfix, before the server has the message);</li>
 *   <li>one transaction is past its commit decision, the mail's branch still prepared (another
 *       participant, first to commit, holds in commit);</li>
 *   <li>one is prepared but undecided (another participant, prepared after the mail's branch, holds
 *       in prepare);</li>
 * </ul>
 * and one rolled back before. Started again, the transaction manager's recovery commits the decided
 * branch and rolls back the undecided one: every committed mail arrives once, the undecided and the
 * rolled back ones never, and the journal ends empty.
 */
class OnCommitCrashIT {

    private static final String JDK17 = ServerRecipeIT.JDK17;
    private static final int HTTP_PORT = 8080;
    private static final int PROXY_PORT = 3270;
    private static final Duration LIMIT = Duration.ofMinutes(4);

    private final MailServers mail = MailServers.load();
    private final String bob = mail.users().get(1);
    private final Path work;
    private final Path journal;
    private final Path markers;
    private final HttpClient http = HttpClient.newHttpClient();
    private Process micro;
    private TcpProxy proxy;

    OnCommitCrashIT() throws IOException {
        work = Distribution.clean("on-commit-crash");
        journal = work.resolve("journal");
        markers = Files.createDirectories(work.resolve("markers"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (micro != null) {
            Shell.stop(micro);
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void everyCommittedMailArrivesOnceAfterAKillAndNoOtherEver() throws Exception {
        proxy = new TcpProxy(PROXY_PORT, mail.port("plainSmtp"));
        Path war = crashApp();
        Path log = work.resolve("micro-1.log");
        micro = start(war, log);

        String warm = subject("warm-up");
        post("commit", warm);
        awaitInMailbox(warm, 1);
        // The courier's next send held before Postfix has any of it (pipelined, its commands and text
        // leave in one write); the application's sends in transactions use other connections.
        proxy.withholdClientAt("MAIL FROM");

        List<String> committed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String subject = subject("committed " + i);
            post("commit", subject);
            committed.add(subject);
        }
        Await.until("5 committed messages in the journal", LIMIT, () -> Optional.of(files(journal.resolve("committed")))
                .filter(files -> files.size() == 5)); // the held one too: an entry goes only once the server took it
        String decided = subject("decided, then killed");
        String undecided = subject("prepared, undecided, then killed");
        String rolledBack = subject("rolled back");
        http.sendAsync(request("hold-in-commit", decided), HttpResponse.BodyHandlers.discarding());
        http.sendAsync(request("hold-in-prepare", undecided), HttpResponse.BodyHandlers.discarding());
        awaitMarker(decided);
        awaitMarker(undecided);
        post("rollback", rolledBack);
        List<Path> inDoubt = directories(journal.resolve("prepared"));
        List<Path> toSend = files(journal.resolve("committed"));

        assertEquals(5, toSend.size(), "the five committed messages wait at the kill: " + toSend);
        assertEquals(2, inDoubt.size(), "the decided and the undecided transactions are in doubt: " + inDoubt);
        kill(micro);
        System.out.printf("emailra ON_COMMIT crash: at the kill, %d transactions in doubt, %d messages committed"
                + " and not sent%n", inDoubt.size(), toSend.size());

        micro = start(war, work.resolve("micro-2.log"));
        committed.add(decided);
        for (String subject : committed) {
            awaitInMailbox(subject, 1);
        }
        Await.until("the journal empty (in doubt resolved, committed sent)", LIMIT, () -> Optional.of(true)
                .filter(x -> directories(journal.resolve("prepared")).isEmpty() && files(journal.resolve("committed")).isEmpty()));
        String after = subject("after recovery");
        post("commit", after);
        awaitInMailbox(after, 1);
        Map<String, Long> copies = Stream.concat(committed.stream(), Stream.of(undecided, rolledBack))
                .collect(Collectors.toMap(s -> s, this::inMailbox));
        long duplicates = committed.stream().mapToLong(s -> copies.get(s) - 1).sum();
        System.out.printf("emailra ON_COMMIT crash: after the restart %d of %d committed messages arrived, %d"
                + " duplicates; undecided %d, rolled back %d%n", committed.stream().filter(s -> copies.get(s) > 0).count(),
                committed.size(), duplicates, copies.get(undecided), copies.get(rolledBack));
        for (String subject : committed) {
            assertEquals(1L, copies.get(subject), subject);
        }
        assertEquals(0L, copies.get(undecided), "the undecided transaction was rolled back by recovery");
        assertEquals(0L, copies.get(rolledBack));
    }

    /** Starts Payara Micro by docs/DEPLOYING.md's recipe, the proxy in front of Postfix's plain port as the server. */
    private Process start(Path war, Path log) throws IOException {
        Path jar = work.resolve("payara-micro.jar");
        if (!Files.exists(jar)) {
            Files.copy(Distribution.DOWNLOADS.resolve("payara-micro.jar"), jar);
        }
        Shell shell = new Shell(work, Map.ofEntries(Map.entry("JAVA_HOME", JDK17),
                Map.entry("PATH", JDK17 + "/bin:" + System.getenv("PATH")),
                Map.entry("PAYARA_MICRO_JAR", jar.toString()),
                Map.entry("EMAILRA_RAR", Distribution.DOWNLOADS.resolve("emailra.rar").toAbsolutePath().toString()),
                Map.entry("APP_WAR", war.toString()), Map.entry("MAIL_HOST", "127.0.0.1"),
                Map.entry("SMTP_PORT", String.valueOf(PROXY_PORT)), Map.entry("MAIL_SECURITY", "NONE"),
                Map.entry("MAIL_USER", bob), Map.entry("MAIL_PASSWORD", MailServers.password(bob)),
                Map.entry("TRUST_STORE", mail.trustStore()), Map.entry("TRUST_STORE_PASSWORD", mail.trustStorePassword()),
                Map.entry("JOURNAL_DIR", journal.toString()), Map.entry("MICRO_ROOT", work.resolve("root").toString())));
        Process process = shell.background(Recipes.get("payara-micro/on-commit"), log);
        Await.until("Payara Micro serves the application (" + log + ")", LIMIT, () -> {
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(url()).build(),
                        HttpResponse.BodyHandlers.ofString());
                return Optional.of(ready.body()).filter("ready"::equals);
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return process;
    }

    /**
     * SIGKILL to the server's JVM: no shutdown, nothing flushed. bash runs the recipe's last command
     * in its own process, so the JVM is the script's process itself or one of its descendants.
     */
    private static void kill(Process script) throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(Stream.of(script.toHandle()), script.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : tree) {
            handle.onExit().completeOnTimeout(handle, 30, TimeUnit.SECONDS).join();
            assertFalse(handle.isAlive(), "killed: " + handle.pid());
        }
        assertTrue(script.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, script.exitValue(), "the JVM ended by SIGKILL");
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + HTTP_PORT + "/crash/orders"); // Micro's context root: the WAR's name
    }

    private HttpRequest request(String action, String subject) {
        String form = Map.of("action", action, "subject", subject, "to", bob, "markers", markers.toString())
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(url()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private void post(String action, String subject) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(action, subject), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), action + " " + subject + ": " + response.body());
    }

    private void awaitMarker(String subject) {
        Await.until(subject + " held", LIMIT, () -> Optional.of(markers.resolve(subject + ".held")).filter(Files::exists));
    }

    private void awaitInMailbox(String subject, long copies) {
        Await.until(subject + " in " + bob + "'s mailbox", LIMIT,
                () -> Optional.of(inMailbox(subject)).filter(found -> found >= copies));
    }

    /** The copies of the message with this subject in the Maildir. */
    private long inMailbox(String subject) {
        return mail.messagesHolding(bob, "Subject: " + subject);
    }

    /** Short enough for one header line: a folded Subject is not found by {@link #inMailbox}. */
    private static String subject(String what) {
        return "crash " + what + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(path -> path.toString().endsWith(".msg")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> directories(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application: crash-app's sources compiled against the test class path, and the test-support class they extend, as a WAR. */
    private Path crashApp() throws Exception {
        Path sources = Path.of(OnCommitCrashIT.class.getResource("/crash-app").toURI());
        Path classes = Files.createDirectories(work.resolve("crash-classes"));
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
        }
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new)),
                "crash-app compiles");
        Path war = work.resolve("crash.war");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(war));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry("WEB-INF/classes/" + classes.relativize(file)));
                Files.copy(file, out);
            }
            String participant = Participant.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry("WEB-INF/classes/" + participant));
            try (InputStream in = Participant.class.getClassLoader().getResourceAsStream(participant)) {
                in.transferTo(out);
            }
        }
        return war;
    }
}
