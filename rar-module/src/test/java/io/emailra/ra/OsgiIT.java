package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import org.apache.felix.framework.FrameworkFactory;
import org.eclipse.angus.activation.MimeTypeFile;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * emailra in a real OSGi framework (Apache Felix, embedded): the implementation bundle with Angus
 * and Configuration Admin installed as bundles; the Jakarta APIs and emailra's API come
 * from the platform (the system bundle), as a Jakarta-enabled OSGi runtime provides them. Factories
 * are configured through Configuration Admin, used under each mode against GreenMail, replaced,
 * deleted; stopping the bundle closes every connection.
 */
class OsgiIT {

    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();

    private static final String PLATFORM_PACKAGES = String.join(",",
            "io.emailra.api;version=0.1.0", "io.emailra.api.inbound;version=0.1.0",
            "jakarta.mail;version=2.1.5", "jakarta.mail.internet;version=2.1.5", "jakarta.mail.search;version=2.1.5",
            "jakarta.mail.util;version=2.1.5", "jakarta.mail.event;version=2.1.5",
            "jakarta.activation;version=2.1.3", "jakarta.activation.spi;version=2.1.3",
            "jakarta.resource;version=2.1.0", "jakarta.resource.spi;version=2.1.0",
            "jakarta.resource.spi.endpoint;version=2.1.0", "jakarta.resource.spi.security;version=2.1.0",
            "jakarta.resource.spi.work;version=2.1.0", "jakarta.resource.cci;version=2.1.0",
            "jakarta.transaction;version=2.0.1", "org.osgi.service.cm;version=1.6.1");

    private Framework framework;
    private Bundle emailra;

    @BeforeEach
    void startFramework(@TempDir Path storage) throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, PLATFORM_PACKAGES));
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (Class<?> inBundle : List.of(MimeTypeFile.class, MailStreamProvider.class,
                org.apache.felix.cm.impl.ConfigurationManager.class)) {
            bundles.add(context.installBundle(jarOf(inBundle).toUri().toString()));
        }
        emailra = context.installBundle(Path.of("target", "emailra.jar").toAbsolutePath().toUri().toString());
        bundles.add(emailra);
        for (Bundle bundle : bundles) {
            bundle.start();
        }
    }

    @AfterEach
    void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private static Path jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void configuredFactoriesWorkUnderEachModeAndStoppingTheBundleClosesEveryConnection() throws Exception {
        String user = MAIL.newUser();
        ConfigurationAdmin admin = service(ConfigurationAdmin.class, null);
        Configuration smtpConfiguration = configure(admin, "SMTP", MAIL.greenMail().getSmtp().getPort(), null,
                AllocationMode.USE_DEFAULT);
        SmtpClientFactory smtp = service(SmtpClientFactory.class, "(emailra.pid=" + smtpConfiguration.getPid() + ")");

        for (AllocationMode mode : AllocationMode.values()) {
            Configuration imapConfiguration = configure(admin, "IMAP", MAIL.greenMail().getImap().getPort(), user, mode);
            ImapClientFactory imap = service(ImapClientFactory.class,
                    "(&(emailra.pid=" + imapConfiguration.getPid() + ")(allocationMode=" + mode + "))");
            try (SmtpClient sender = smtp.getClient()) {
                sender.send(message("osgi@localhost", user, "under " + mode, "osgi"));
            }
            try (ImapClient reader = imap.getClient()) {
                assertEquals(mode, reader.allocationMode());
                EmailConnection current = reader.currentConnection();
                assertEquals(mode == AllocationMode.USE_DEFAULT ? EmailConnection.Kind.DEFAULT : EmailConnection.Kind.MAIN,
                        current.kind());
                reader.selectFolder("INBOX");
                assertTrue(reader.listMessages().stream().map(MessageInfo::subject).toList().contains("under " + mode));
            }
            String pid = imapConfiguration.getPid();
            imapConfiguration.delete();
            awaitGone(ImapClientFactory.class, "(emailra.pid=" + pid + ")");
        }

        Configuration imapConfiguration = configure(admin, "IMAP", MAIL.greenMail().getImap().getPort(), user,
                AllocationMode.USE_MAIN);
        ImapClientFactory imap = service(ImapClientFactory.class, "(emailra.pid=" + imapConfiguration.getPid() + ")");
        ImapClient held = imap.getClient();
        held.noop();
        held.close();
        int imapPort = MAIL.greenMail().getImap().getPort();
        assertEquals(1, connectionsTo(imapPort), "the released connection waits in the pool");

        Hashtable<String, Object> changed = new Hashtable<>();
        for (String key : java.util.Collections.list(imapConfiguration.getProperties().keys())) {
            changed.put(key, imapConfiguration.getProperties().get(key));
        }
        changed.put("allocationMode", "UseDefault");
        imapConfiguration.update(changed);
        ImapClientFactory updated = service(ImapClientFactory.class,
                "(&(emailra.pid=" + imapConfiguration.getPid() + ")(allocationMode=USE_DEFAULT))");
        // The new service is registered before the old pool closes: wait for it, with a bound.
        io.emailra.testsupport.Await.until("the updated configuration's old pool closed", java.time.Duration.ofSeconds(10),
                () -> connectionsTo(imapPort) == 0 ? java.util.Optional.of(true) : java.util.Optional.empty());
        try (ImapClient client = updated.getClient()) {
            client.noop();
        }
        EmailConnectionException stale = assertThrows(EmailConnectionException.class, () -> imap.getClient().noop(),
                "the factory of the configuration before its update");
        assertTrue(stale.getMessage().contains("is closed") && stale.getMessage().contains("configuration was updated"),
                stale.getMessage());

        emailra.stop();
        assertNull(framework.getBundleContext().getServiceReference(ImapClientFactory.class), "services unregistered");
        assertEquals(0, connectionsTo(MAIL.greenMail().getImap().getPort()), "IMAP connections left open");
        assertEquals(0, connectionsTo(MAIL.greenMail().getSmtp().getPort()), "SMTP connections left open");
    }

    /**
     * Configuration Admin delivers configurations asynchronously, so a configuration may arrive while
     * or after the bundle stops: twenty stop/start cycles leave no pool open and no service behind.
     */
    @Test
    void stoppingRightAfterStartingLeavesNoPool() throws Exception {
        String user = MAIL.newUser();
        ConfigurationAdmin admin = service(ConfigurationAdmin.class, null);
        Configuration configuration = configure(admin, "IMAP", MAIL.greenMail().getImap().getPort(), user,
                AllocationMode.USE_MAIN);
        service(ImapClientFactory.class, "(emailra.pid=" + configuration.getPid() + ")");
        for (int cycle = 0; cycle < 20; cycle++) {
            emailra.stop();
            emailra.start();
        }
        try (ImapClient client = service(ImapClientFactory.class, "(emailra.pid=" + configuration.getPid() + ")")
                .getClient()) {
            client.noop();
        }
        emailra.stop();
        java.lang.reflect.Method scheduled = emailra.loadClass("io.emailra.ra.pool.IdleEviction")
                .getDeclaredMethod("scheduledPools");
        scheduled.setAccessible(true);
        // A delivery still under way when stop() returned makes nothing: wait a moment for one, with a bound.
        io.emailra.testsupport.Await.until("every pool closed", java.time.Duration.ofSeconds(10), () -> {
            try {
                return (int) scheduled.invoke(null) == 0 ? java.util.Optional.of(true) : java.util.Optional.empty();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        assertNull(framework.getBundleContext().getServiceReference(ImapClientFactory.class), "services unregistered");
        assertEquals(0, connectionsTo(MAIL.greenMail().getImap().getPort()), "IMAP connections left open");
        ClassLoader bundleLoader = emailra.adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader();
        awaitNoThreadsOf(bundleLoader);
    }

    /** Stopping interrupts emailra's threads: they end a moment later. */
    private static void awaitNoThreadsOf(ClassLoader bundleLoader) {
        io.emailra.testsupport.Await.until("emailra's threads ended", java.time.Duration.ofSeconds(10), () ->
                threadsOf(bundleLoader).isEmpty() ? java.util.Optional.of(true) : java.util.Optional.empty());
    }

    /**
     * Uninstalled and refreshed after use, emailra leaves no thread and its class loader can be
     * collected: nothing of it (a pool, a scheduler, a service) is held from outside.
     */
    @Test
    void uninstalledAndRefreshedItLeavesNoThreadAndItsClassLoaderIsCollected() throws Exception {
        java.lang.ref.WeakReference<ClassLoader> bundleLoader = useAndUninstall();
        org.osgi.framework.wiring.FrameworkWiring wiring = framework.adapt(org.osgi.framework.wiring.FrameworkWiring.class);
        java.util.concurrent.CountDownLatch refreshed = new java.util.concurrent.CountDownLatch(1);
        wiring.refreshBundles(null, event -> refreshed.countDown());
        assertTrue(refreshed.await(10, java.util.concurrent.TimeUnit.SECONDS), "refreshed");
        ClassLoader uninstalled = bundleLoader.get();
        if (uninstalled != null) {
            awaitNoThreadsOf(uninstalled); // a method's: no local here may keep the loader from being collected
        }
        uninstalled = null;
        io.emailra.testsupport.Await.until("emailra's class loader collected", java.time.Duration.ofSeconds(20), () -> {
            forgetRecordClasses();
            System.gc();
            return bundleLoader.get() == null ? java.util.Optional.of(true) : java.util.Optional.empty();
        });
        assertEquals(0, connectionsTo(MAIL.greenMail().getImap().getPort()), "IMAP connections left open");
    }

    /** Uses emailra (a configuration, a pool, a sign-on, an operation), then uninstalls it; keeps nothing of it but a weak reference. */
    private java.lang.ref.WeakReference<ClassLoader> useAndUninstall() throws Exception {
        String user = MAIL.newUser();
        ConfigurationAdmin admin = service(ConfigurationAdmin.class, null);
        Configuration configuration = configure(admin, "IMAP", MAIL.greenMail().getImap().getPort(), user,
                AllocationMode.USE_DEFAULT);
        try (ImapClient client = service(ImapClientFactory.class, "(emailra.pid=" + configuration.getPid() + ")")
                .getClient()) {
            client.selectFolder("INBOX");
            client.listMessages();
        }
        java.lang.ref.WeakReference<ClassLoader> loader = new java.lang.ref.WeakReference<>(
                emailra.adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader());
        emailra.uninstall();
        configuration.delete();
        return loader;
    }

    /**
     * JDK 17 keeps the last record class whose equals/hashCode/toString it bootstrapped
     * (JDK-8078641, a MethodHandle's asType cache); records of the test's own take its place.
     */
    private static void forgetRecordClasses() {
        record Two(String a, String b) {
        }
        record Three(int a, java.time.Duration b, java.time.Duration c) {
        }
        Two two = new Two("a", "b");
        Three three = new Three(1, java.time.Duration.ZERO, java.time.Duration.ZERO);
        assertTrue(two.equals(new Two("a", "b")) && two.hashCode() != 0 && !two.toString().isEmpty());
        assertTrue(three.equals(three) && three.hashCode() != 0 && !three.toString().isEmpty());
    }

    private static List<String> threadsOf(ClassLoader loader) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getContextClassLoader() == loader)
                .map(Thread::getName).toList();
    }

    /**
     * In OSGi the token provider is a service selected by {@code oauth2TokenProvider.target}: a class of
     * the configuring bundle cannot be loaded by name. Signs on to Dovecot with XOAUTH2 and its token.
     */
    @Test
    void aTokenProviderServiceSignsOnWithXoauth2() throws Exception {
        io.emailra.testsupport.MailServers servers = io.emailra.testsupport.MailServers.load();
        String alice = servers.users().get(0);
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Hashtable<String, Object> providerProperties = new Hashtable<>();
        providerProperties.put("name", "test-tokens");
        framework.getBundleContext().registerService(io.emailra.api.OAuth2TokenProvider.class, (user, refresh) -> {
            calls.add(user + ":" + refresh);
            return "osgi-token";
        }, providerProperties);
        ConfigurationAdmin admin = service(ConfigurationAdmin.class, null);
        try (IntrospectionServer introspection = IntrospectionServer.start(servers.port("oauth2Introspection"))) {
            introspection.activate("osgi-token", alice);
            Configuration withTokens = admin.createFactoryConfiguration("io.emailra", "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("protocol", "IMAP");
            properties.put("host", servers.host());
            properties.put("port", Integer.toString(servers.port("imap")));
            properties.put("trustStore", servers.trustStore());
            properties.put("trustStorePassword", servers.trustStorePassword());
            properties.put("userName", alice);
            properties.put("oauth2TokenProvider.target", "(name=test-tokens)");
            withTokens.update(properties);
            try (ImapClient client = service(ImapClientFactory.class, "(emailra.pid=" + withTokens.getPid() + ")")
                    .getClient()) {
                client.noop();
            }
            assertEquals(List.of(alice + ":false"), calls);

            properties.put("oauth2TokenProvider.target", "(name=nobody)");
            Configuration unmatched = admin.createFactoryConfiguration("io.emailra", "?");
            unmatched.update(properties);
            ImapClientFactory without = service(ImapClientFactory.class, "(emailra.pid=" + unmatched.getPid() + ")");
            io.emailra.api.EmailException refused = assertThrows(io.emailra.api.EmailException.class,
                    () -> without.getClient().noop());
            assertTrue(refused.getMessage().contains("no io.emailra.api.OAuth2TokenProvider service matches (name=nobody)"),
                    refused.getMessage());
        }
    }

    private static Configuration configure(ConfigurationAdmin admin, String protocol, int port, String user,
                                           AllocationMode mode) throws IOException {
        Configuration configuration = admin.createFactoryConfiguration("io.emailra", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("protocol", protocol);
        properties.put("host", "127.0.0.1");
        properties.put("port", Integer.toString(port));
        properties.put("transportSecurity", "NONE");
        properties.put("allocationMode", mode.name());
        properties.put("pool.maxSize", "4");
        if (user != null) {
            properties.put("userName", user);
            properties.put("password", user);
        }
        configuration.update(properties);
        return configuration;
    }

    private <S> S service(Class<S> type, String filter) throws Exception {
        BundleContext context = framework.getBundleContext();
        String full = "(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        ServiceTracker<S, S> tracker = new ServiceTracker<>(context, context.createFilter(full), null);
        tracker.open();
        S service = tracker.waitForService(10_000);
        assertNotNull(service, "no service " + full + " within 10 s");
        return service;
    }

    private void awaitGone(Class<?> type, String filter) throws Exception {
        BundleContext context = framework.getBundleContext();
        io.emailra.testsupport.Await.until(type.getSimpleName() + " " + filter + " unregistered",
                java.time.Duration.ofSeconds(10), () -> {
                    try {
                        return context.getServiceReferences(type.getName(), filter) == null
                                ? java.util.Optional.of(true) : java.util.Optional.empty();
                    } catch (org.osgi.framework.InvalidSyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static List<String> readLines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** Established TCP connections from this machine to 127.0.0.1:port, read from the kernel's tables. */
    private static long connectionsTo(int port) {
        String remotePort = String.format(":%04X ", port);
        long count = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : readLines(table)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && (fields[2] + " ").endsWith(remotePort) && fields[3].equals("01")) {
                    count++;
                }
            }
        }
        return count;
    }
}
