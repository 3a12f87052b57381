package io.emailra.ra;

import io.emailra.testsupport.MailServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * emailra in OSGi as users deploy it: Apache Felix in a JVM of its own whose class path is the
 * framework only, with the Jakarta APIs (Mail, Activation, Connectors, Transactions and what the
 * latter needs), Angus, Configuration Admin, Declarative Services (Felix SCR), emailra's API and
 * emailra installed as bundles, and a Metatype service. A test bundle configures an SMTP and an IMAP
 * factory; its DS component reads emailra's Metatype description of the factory PID, and
 * gets the factories as services and uses them from a thread whose context class loader sees nothing: it sends
 * over STARTTLS to Postfix and reads the message back from Dovecot. (Jakarta Mail looks its stream provider up
 * through the context class loader on every MIME read and write: without emailra setting it, this
 * fails with "No provider of jakarta.mail.util.StreamProvider was found".)
 */
class OsgiBundlesIT {

    private static final MailServers SERVERS = MailServers.load();

    /** One class of each bundle the framework gets, in installation order (emailra's jar is added after). */
    private static final List<String> BUNDLES = List.of(
            "jakarta.activation.DataHandler", "org.eclipse.angus.activation.MimeTypeFile",
            "jakarta.mail.Session", "org.eclipse.angus.mail.util.MailStreamProvider",
            "jakarta.annotation.Priority", "jakarta.inject.Inject", "jakarta.el.ELContext",
            "jakarta.interceptor.Interceptor", "jakarta.enterprise.lang.model.AnnotationInfo",
            "jakarta.enterprise.inject.spi.CDI", "jakarta.transaction.Transaction", "jakarta.resource.ResourceException",
            "org.apache.felix.cm.impl.ConfigurationManager", "org.osgi.util.function.Function",
            "org.osgi.util.promise.Promise", "org.osgi.service.component.ComponentContext",
            "org.apache.felix.scr.impl.Activator", "org.apache.felix.log.Activator",
            "org.apache.felix.metatype.internal.Activator", "io.emailra.api.ImapClient");

    @Test
    void aBundleSendsAndReadsMailFromAThreadWhoseContextClassLoaderSeesNothing(@TempDir Path work) throws Exception {
        Path launcher = compile(work.resolve("launcher"), "osgi-bundles/Launcher.java");
        Path testBundle = testBundle(work);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Demailra.result=" + work.resolve("result.txt"),
                "-Demailra.from=" + SERVERS.users().get(0), "-Demailra.to=" + SERVERS.users().get(1),
                "-Demailra.smtp.port=" + SERVERS.port("submission"), "-Demailra.imap.port=" + SERVERS.port("imap"),
                "-Demailra.trustStore=" + SERVERS.trustStore(), "-Demailra.trustStorePassword=" + SERVERS.trustStorePassword(),
                "-cp", jarOf("org.apache.felix.framework.FrameworkFactory") + java.io.File.pathSeparator + launcher,
                "Launcher", work.resolve("felix").toString()));
        for (String type : BUNDLES) {
            command.add(jarOf(type).toString());
        }
        command.add(Path.of("target", "emailra.jar").toAbsolutePath().toString());
        command.add(testBundle.toString());
        Path output = work.resolve("output.txt");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = child.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output);
        assertTrue(ended, "the OSGi JVM did not end within 3 minutes: " + printed);
        assertEquals(0, child.exitValue(), printed);
        assertTrue(printed.contains("RESULT OK through OSGi bundles "), printed);
        for (String described : List.of("metatype of io.emailra: protocol String,", " host String localhost,",
                " password Password,", " allocationMode String USE_MAIN_OR_DEFAULT,", " pool.maxSize Integer 8,")) {
            assertTrue(printed.contains(described), "'" + described + "' missing from: " + printed);
        }
    }

    /**
     * The test bundle: an activator that configures the factories and a DS component that uses them,
     * compiled against the test class path, with the component's description and a manifest.
     */
    private static Path testBundle(Path work) throws Exception {
        Path classes = compile(work.resolve("bundle"), "osgi-bundles/emailra/osgitest/Activator.java",
                "osgi-bundles/emailra/osgitest/MailUser.java");
        Path component = classes.resolve("OSGI-INF/mailuser.xml");
        Files.createDirectories(component.getParent());
        Files.copy(resource("osgi-bundles/emailra/osgitest/mailuser.xml"), component);
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "emailra.osgitest");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", "emailra.osgitest.Activator");
        main.putValue("Service-Component", "OSGI-INF/mailuser.xml");
        main.putValue("Import-Package", "io.emailra.api,jakarta.mail,jakarta.mail.internet,org.osgi.framework,"
                + "org.osgi.service.cm,org.osgi.service.metatype");
        Path jar = work.resolve("emailra-osgitest.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Path compile(Path classes, String... resources) throws IOException, URISyntaxException {
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
        for (String resource : resources) {
            arguments.add(resource(resource).toString());
        }
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new));
        assertEquals(0, status, "compiling " + List.of(resources));
        return classes;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(OsgiBundlesIT.class.getClassLoader().getResource(name).toURI());
    }

    /** The jar a class comes from, found without loading the class (some need bundles of their own to load). */
    private static Path jarOf(String type) throws URISyntaxException {
        String location = OsgiBundlesIT.class.getClassLoader().getResource(type.replace('.', '/') + ".class").toString();
        return Path.of(new java.net.URI(location.substring("jar:".length(), location.indexOf("!/"))));
    }
}
