package io.emailra.it;

import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.it.support.Asadmin;
import io.emailra.it.support.EmailraMBeans;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With emailra's JMX view, Payara's own monitoring of the connector pool still works as the README
 * shows it: {@code asadmin get -m} lists the pool's statistics after the monitoring level is raised;
 * emailra's view says nothing is in use between operations.
 */
@ExtendWith(ArquillianExtension.class)
class PoolMonitoringIT {

    private static final String LEVEL = "configs.config.server-config.monitoring-service.module-monitoring-levels"
            + ".connector-connection-pool";

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("pool-monitoring", PoolMonitoringIT.class, Asadmin.class);
    }

    @Resource(lookup = TestServers.IMAP_JNDI)
    ImapClientFactory imap;

    @Test
    void asadminGetMonitoringShowsTheConnectorPoolBesideEmailrasView() {
        Asadmin.require("set", LEVEL + "=HIGH");
        try {
            String mailbox = TestServers.newMailbox();
            try (ImapClient client = imap.getClient(mailbox, mailbox)) {
                for (int i = 0; i < 3; i++) {
                    client.noop();
                }
            }
            // Embedded Payara answers with the pool's statistics but its probes do not count (all stay 0);
            // what is checked here is that the command still works for emailra's pool.
            String all = Asadmin.require("get", "-m", "server.resources." + TestServers.IMAP_POOL + ".*");
            for (String statistic : new String[]{"numconnused-current", "numconnacquired-count", "numconnfree-current",
                    "waitqueuelength-count"}) {
                assertTrue(all.contains("server.resources." + TestServers.IMAP_POOL + "." + statistic + " = "), all);
            }
            assertEquals(0L, EmailraMBeans.sum("PhysicalConnectionsInUse"), "emailra's view agrees");
        } finally {
            Asadmin.require("set", LEVEL + "=OFF");
        }
    }
}
