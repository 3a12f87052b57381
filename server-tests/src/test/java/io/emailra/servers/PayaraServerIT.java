package io.emailra.servers;

import io.emailra.testsupport.Await;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payara Server 6 on JDK 17; last, the operator's redeployments of issue 11: the sample deployed,
 * used with the pool growing, and undeployed again and again, then the RAR undeployed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PayaraServerIT extends AsadminServerIT {

    private static final int CYCLES = 6;
    private static final String SAMPLE_CLASS = "io.emailra.sample.MailboxService";

    @Override
    String server() {
        return "payara-server";
    }

    @Override
    String download() {
        return "payara-server.zip";
    }

    /**
     * Each pooled connection was opened on a thread of the application that asked for it; it must not
     * keep that application's class loader alive (a TLS socket captures the access-control context of
     * the thread that creates it: issue 11, item 6). Then no thread or socket of emailra survives the
     * RAR's undeployment.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void undeployedApplicationsAndTheRarLeaveNothingBehind() throws Exception {
        long pid = Long.parseLong(Files.readString(serverHome().resolve("glassfish/domains/domain1/config/pid")).strip());
        Jvm jvm = new Jvm(javaHome(), pid);
        String asadmin = "\"$SERVER_HOME/bin/asadmin\" ";
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            // Three threads of the container's executor each take a default connection, and an
            // independent one more: the pool grows while this copy of the application is deployed.
            sample.get("/parallel");
            sample.get("/folders");
            assertTrue(jvm.loadedCopies(SAMPLE_CLASS) >= 1, "jcmd shows the deployed copy of " + SAMPLE_CLASS);
            shell.run(asadmin + "undeploy emailra-sample", Duration.ofMinutes(2));
            shell.run(asadmin + "deploy \"$APP_WAR\"", Duration.ofMinutes(2));
            sample.awaitDeployed(Duration.ofMinutes(1));
        }
        shell.run(asadmin + "undeploy emailra-sample", Duration.ofMinutes(2));
        int[] loaded = {-1};
        try {
            Await.until("the undeployed copies of the sample unloaded", Duration.ofSeconds(60), () -> {
                jvm.collectGarbage();
                loaded[0] = jvm.loadedCopies(SAMPLE_CLASS);
                return loaded[0] == 0 ? Optional.of(true) : Optional.empty();
            });
        } catch (AssertionError e) {
            Path dump = Distribution.WORK.resolve("payara-leak.hprof").toAbsolutePath();
            jvm.dumpHeap(dump); // what holds the copies: the paths from the GC roots to their class loaders
            throw new AssertionError(loaded[0] + " of " + CYCLES + " undeployed copies of the sample still loaded: "
                    + e.getMessage() + "; emailra's live objects: " + jvm.liveObjects("io.emailra") + "; heap: " + dump, e);
        }
        assertTrue(shell.run(asadmin + "list-connector-connection-pools", Duration.ofMinutes(1)).contains("imap-pool"),
                "the pools stay, with their connections");

        shell.run(asadmin + "undeploy --cascade=true emailra", Duration.ofMinutes(2));
        List<String> threads = Await.until("emailra's threads ended", Duration.ofSeconds(30), () ->
                Optional.of(jvm.threads("emailra")).filter(List::isEmpty));
        assertTrue(threads.isEmpty(), threads.toString());
        List<String> sockets = Await.until("emailra's sockets closed", Duration.ofSeconds(30), () ->
                Optional.of(jvm.connectionsTo(mail.port("imap"), mail.port("submission"))).filter(List::isEmpty));
        assertTrue(sockets.isEmpty(), sockets.toString());
    }
}
