package io.emailra.it;

import io.emailra.api.ImapClientFactory;
import io.emailra.it.support.Asadmin;
import jakarta.annotation.Resource;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.resource.ConnectionFactoryDefinition;
import org.glassfish.embeddable.CommandResult;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application whose connection factory definition has an invalid allocation mode fails to
 * deploy, and the server log says why, naming the property, the value and the valid values.
 * Deployed with asadmin from the client side, because the Arquillian adapter would swallow the
 * failure. (Payara creates a definition's pool lazily: the deployment fails because the
 * application's start-up bean needs the factory, as real applications do.)
 */
@ExtendWith(ArquillianExtension.class)
class InvalidConfigurationIT {

    /** The broken application: a start-up bean that needs the factory, as real applications have. */
    @Singleton
    @Startup
    @ConnectionFactoryDefinition(name = "java:app/mail/misconfigured", resourceAdapter = "emailra",
            interfaceName = "io.emailra.api.ImapClientFactory",
            properties = {"host=127.0.0.1", "port=3143", "transportSecurity=NONE", "allocationMode=SOMETIMES"})
    public static class MisconfiguredApp {

        @Resource(lookup = "java:app/mail/misconfigured")
        ImapClientFactory imap;

        @PostConstruct
        void start() {
            imap.getClient().close();
        }
    }

    @Test
    void deploymentFailsNamingThePropertyTheValueAndTheValidValues(@TempDir Path directory) {
        File war = directory.resolve("misconfigured.war").toFile();
        ShrinkWrap.create(WebArchive.class, "misconfigured.war").addClass(MisconfiguredApp.class)
                .as(ZipExporter.class).exportTo(war, true);

        ServerLog log = ServerLog.capture();
        CommandResult result;
        try {
            result = Asadmin.run("deploy", "--name", "misconfigured", war.getAbsolutePath());
        } finally {
            log.stop();
        }
        try {
            assertEquals(CommandResult.ExitStatus.FAILURE, result.getExitStatus(), result.getOutput());
            assertTrue(result.getOutput().contains("MisconfiguredApp"), result.getOutput());
            String message = log.lineWith("Invalid value 'SOMETIMES'");
            for (String expected : new String[]{"allocationMode", "SOMETIMES", "USE_MAIN_OR_DEFAULT", "USE_MAIN",
                    "USE_DEFAULT"}) {
                assertTrue(message.contains(expected), "'" + expected + "' missing from: " + message);
            }
        } finally {
            Asadmin.run("undeploy", "misconfigured");
        }
    }
}
