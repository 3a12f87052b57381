package io.emailra.servers;

import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Apache Karaf 4.4 on JDK 17, set up by docs/DEPLOYING.md's Karaf recipe as written: the emailra
 * feature installed with {@code feature:install}, one factory per {@code etc/io.emailra-*.cfg}. A
 * bundle of the kind a Karaf user writes (a Declarative Services component, resources
 * {@code karaf-check}) then sends over STARTTLS to Postfix and reads the message back from Dovecot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KarafIT {

    private static final String VERSION = System.getProperty("emailra.version");
    private static final Path LOCAL_REPOSITORY = Path.of(System.getProperty("emailra.servers.localRepository",
            System.getProperty("user.home") + "/.m2/repository"));

    private final MailServers mail = MailServers.load();
    private Shell shell;
    private Path home;

    @BeforeAll
    void setUp() throws Exception {
        home = Distribution.unpack("karaf.tar.gz", "karaf");
        String user = mail.users().get(2);
        Map<String, String> variables = new HashMap<>(Map.of(
                "KARAF_HOME", home.toString(),
                "KARAF_ADMIN_PASSWORD", "admin-" + System.nanoTime(),
                "EMAILRA_VERSION", VERSION,
                "MAIL_HOST", mail.host(),
                "IMAP_PORT", String.valueOf(mail.port("imap")),
                "SMTP_PORT", String.valueOf(mail.port("submission")),
                "MAIL_USER", user,
                "MAIL_PASSWORD", MailServers.password(user),
                "TRUST_STORE", mail.trustStore(),
                "TRUST_STORE_PASSWORD", mail.trustStorePassword()));
        variables.put("JAVA_HOME", ServerRecipeIT.JDK17);
        variables.put("PATH", ServerRecipeIT.JDK17 + "/bin:" + System.getenv("PATH"));
        shell = new Shell(home.getParent(), variables);
        shell.run(Recipes.get("karaf/setup"), ServerRecipeIT.SETUP_LIMIT);
    }

    @AfterAll
    void tearDown() {
        if (shell != null) {
            shell.attempt(Recipes.get("karaf/stop"), Duration.ofMinutes(2));
        }
    }

    /** Karaf takes emailra from the local Maven repository: it must be this build's (mvn install, not verify). */
    @Test
    void theFeatureInstallsThisBuildsBundles() throws IOException {
        Path installed = LOCAL_REPOSITORY.resolve("io/emailra/emailra-rar/" + VERSION + "/emailra-rar-" + VERSION + "-classes.jar");
        assertTrue(Files.exists(installed), installed + " is missing: Karaf resolves mvn:io.emailra/... there (run mvn install)");
        assertEquals(-1L, Files.mismatch(installed, Distribution.DOWNLOADS.resolve("emailra-classes.jar")),
                installed + " is another build than this one's: run mvn install, not mvn verify");
    }

    @Test
    void aDeclarativeServicesComponentSendsAndReadsBackThroughTheConfiguredFactories() throws Exception {
        Path result = home.getParent().resolve("karaf-check.result");
        Files.deleteIfExists(result);
        Files.writeString(home.resolve("etc/emailra.karafcheck.cfg"), "result=" + result + "\n");
        Path bundle = checkBundle(home.getParent().resolve("karaf-check"));
        // Declarative Services is a feature of Karaf's own; the bundle is the user's.
        shell.run("\"$KARAF_HOME/bin/client\" -u admin -p \"$KARAF_ADMIN_PASSWORD\" -r 30 -d 1 -b <<EOF\n"
                + "feature:install scr\nbundle:install -s file:" + bundle + "\nEOF\n", Duration.ofMinutes(3));
        String outcome;
        try {
            outcome = Await.until("the DS component's result in " + result, Duration.ofMinutes(2),
                    () -> Optional.of(result).filter(Files::exists).map(KarafIT::read));
        } catch (AssertionError notActivated) {
            throw new AssertionError(notActivated.getMessage() + "\n" + karafsView(), notActivated);
        }
        assertTrue(outcome.startsWith("OK through Karaf "), outcome);
    }

    /** What Karaf says of its bundles and components, and the end of its log: why a component never ran. */
    private String karafsView() {
        Shell.Result view = shell.attempt("\"$KARAF_HOME/bin/client\" -u admin -p \"$KARAF_ADMIN_PASSWORD\" -r 5 -d 1 -b <<EOF\n"
                + "bundle:list\nscr:list\nEOF\ntail -n 80 \"$KARAF_HOME/data/log/karaf.log\"\n", Duration.ofMinutes(1));
        return "Karaf's bundles, components and log:\n" + view.output();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** The check bundle: karaf-check's sources compiled against the test class path, with its component and manifest. */
    private static Path checkBundle(Path work) throws Exception {
        Path sources = Path.of(KarafIT.class.getResource("/karaf-check").toURI());
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> javaFiles;
        try (Stream<Path> files = Files.walk(sources)) {
            javaFiles = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> arguments = new java.util.ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path")));
        arguments.addAll(javaFiles);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new)),
                "karaf-check compiles");
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "emailra.karafcheck");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Service-Component", "OSGI-INF/mailcheck.xml");
        main.putValue("Import-Package", "io.emailra.api,jakarta.mail,jakarta.mail.internet");
        Path jar = work.resolve("karaf-check.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                Files.copy(file, out);
            }
            out.putNextEntry(new JarEntry("OSGI-INF/mailcheck.xml"));
            try (InputStream component = Files.newInputStream(sources.resolve("emailra/karafcheck/mailcheck.xml"))) {
                component.transferTo(out);
            }
        }
        return jar;
    }
}
