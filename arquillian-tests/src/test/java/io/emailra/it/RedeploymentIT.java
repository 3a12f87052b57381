package io.emailra.it;

import io.emailra.it.leak.LeakyServlet;
import io.emailra.it.support.Asadmin;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import org.glassfish.internal.api.Globals;
import org.glassfish.internal.data.ApplicationRegistry;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deployed, used and undeployed again and again, an application is not kept alive by emailra: the
 * physical connections it caused to be opened (STARTTLS, on its request thread) stay in the server's
 * pool after it is gone, and they must hold nothing of it. On Payara Server a TLS socket created on
 * an application's thread kept that application through the socket's access-control context (issue
 * 11, item 6; emailra now opens connections privileged); embedded Payara's web class loaders give
 * their classes protection domains without a class loader, so this test does not see that path (it
 * passes without the privileged block, measured) but any other reference from a pooled connection.
 */
@ExtendWith(ArquillianExtension.class)
class RedeploymentIT {

    private static final int CYCLES = 3;

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("redeployment", RedeploymentIT.class, ServerLog.class);
    }

    @Test
    void undeployedApplicationsAreNotKeptAliveByThePooledConnectionsTheyOpened() throws Exception {
        Path war = Files.createTempFile("leaky", ".war");
        ShrinkWrap.create(WebArchive.class, "leaky.war").addClasses(LeakyServlet.class)
                .as(ZipExporter.class).exportTo(war.toFile(), true);
        List<WeakReference<ClassLoader>> undeployed = new ArrayList<>();
        try {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                String name = "leaky" + cycle;
                // Each application opens its own physical connection: none is left from the one before
                // (flushing a pool Payara has not made yet fails, and there is nothing to flush then).
                Asadmin.run("flush-connection-pool", TestServers.DOVECOT_LIMITS_POOL);
                assertEquals(0, Pools.size(TestServers.DOVECOT_LIMITS_POOL), "the pool is empty before " + name);
                Asadmin.require("deploy", "--name", name, "--contextroot", name, war.toString());
                undeployed.add(new WeakReference<>(Globals.getDefaultHabitat().getService(ApplicationRegistry.class)
                        .get(name).getAppClassLoader()));
                assertEquals("used 0", get("http://localhost:8181/" + name + "/use").replaceAll("used \\d+", "used 0"));
                assertTrue(Pools.size(TestServers.DOVECOT_LIMITS_POOL) >= 1, "the pool keeps the connection");
                Asadmin.require("undeploy", name);
            }
            io.emailra.testsupport.Await.until("the undeployed applications' class loaders collected", Duration.ofSeconds(30),
                    () -> {
                        System.gc();
                        return undeployed.stream().allMatch(loader -> loader.get() == null)
                                ? Optional.of(true) : Optional.empty();
                    });
            assertTrue(Pools.size(TestServers.DOVECOT_LIMITS_POOL) >= 1,
                    "the last application's connection is still pooled: it held nothing of the application");
        } finally {
            Files.deleteIfExists(war);
        }
    }

    private static String get(String url) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = connection.getInputStream()) {
            assertEquals(200, connection.getResponseCode(), url);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }
}
