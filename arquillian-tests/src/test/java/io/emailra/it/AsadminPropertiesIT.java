package io.emailra.it;

import io.emailra.it.support.Asadmin;
import org.glassfish.embeddable.CommandResult;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's asadmin recipe for {@code mailProperties}, whose value holds {@code =} signs: escaped
 * with a backslash they reach the pool's property; unescaped, asadmin refuses the command.
 */
@ExtendWith(ArquillianExtension.class)
class AsadminPropertiesIT {

    private static final String POOL = "emailra-escaped-properties";

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("asadmin-properties", AsadminPropertiesIT.class);
    }

    /** An operator who pings a pool with a wrong value sees emailra's message, not only the first caller. */
    @Test
    void pingingAPoolWithAWrongValueFailsNamingThePropertyTheValueAndTheValidValues() {
        try {
            Asadmin.require("create-connector-connection-pool", "--raname", "emailra",
                    "--connectiondefinition", "io.emailra.api.ImapClientFactory", "--property",
                    "host=127.0.0.1:transportSecurity=NONE:allocationMode=SOMETIMES", POOL);
            CommandResult ping = Asadmin.run("ping-connection-pool", POOL);
            String said = ping.getOutput() + " " + ping.getFailureCause();
            assertEquals(CommandResult.ExitStatus.FAILURE, ping.getExitStatus(), said);
            assertTrue(said.contains("'allocationMode'") && said.contains("'SOMETIMES'") && said.contains("USE_MAIN_OR_DEFAULT"),
                    said);
        } finally {
            Asadmin.run("delete-connector-connection-pool", POOL);
        }
    }

    @Test
    void mailPropertiesWithEscapedEqualsSignsReachThePool() {
        try {
            Asadmin.require("create-connector-connection-pool", "--raname", "emailra",
                    "--connectiondefinition", "io.emailra.api.ImapClientFactory", "--property",
                    "host=127.0.0.1:transportSecurity=NONE:mailProperties=mail.imap.peek\\=true;mail.imap.partialfetch\\=false",
                    POOL);
            String value = Asadmin.require("get", "resources.connector-connection-pool." + POOL + ".property.mailProperties");
            assertTrue(value.contains("mail.imap.peek=true;mail.imap.partialfetch=false"), value);
        } finally {
            Asadmin.run("delete-connector-connection-pool", POOL);
        }
        CommandResult unescaped = Asadmin.run("create-connector-connection-pool", "--raname", "emailra",
                "--connectiondefinition", "io.emailra.api.ImapClientFactory", "--property",
                "host=127.0.0.1:mailProperties=mail.imap.peek=true", POOL);
        Asadmin.run("delete-connector-connection-pool", POOL);
        assertEquals(CommandResult.ExitStatus.FAILURE, unescaped.getExitStatus(), unescaped.getOutput());
    }
}
