package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.testsupport.MailServers;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fetched message costs about its own size in heap, not three times that: a 60 MB message is
 * fetched from Dovecot by a JVM limited to 150 MB of heap (docs/BENCHMARKS.md has the
 * measurements). The fetch runs in a child JVM so that the limit is real.
 */
class LargeMessageIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static final int MESSAGE_MB = 60;
    private static final String HEAP = "-Xmx150m";

    @Test
    void aSixtyMegabyteMessageIsFetchedWithinAHundredAndFiftyMegabytesOfHeap() throws Exception {
        String carol = SERVERS.users().get(2);
        String folder = "Large " + UUID.randomUUID().toString().substring(0, 8);
        try (ImapClient client = imap(carol).getClient(AllocationMode.USE_MAIN)) {
            client.createFolder(folder);
            String line = "a line of a large message, repeated until it is big enough\r\n";
            long uid = client.appendMessage(folder, message(carol, carol, "large",
                    line.repeat(MESSAGE_MB * 1024 * 1024 / line.length()))).getAsLong();
            try {
                Path output = Files.createTempFile("fetch-large", ".log");
                Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        HEAP, "-cp", System.getProperty("java.class.path"), FetchInSmallHeap.class.getName(),
                        carol, folder, Long.toString(uid)))
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child JVM ended");
                String printed = Files.readString(output);
                Files.delete(output);
                assertEquals(0, child.exitValue(), printed);
                assertTrue(printed.contains("fetched " + MESSAGE_MB + " MB"), printed);
            } finally {
                client.deleteFolder(folder);
            }
        }
    }

    private static ImapClientFactory imap(String user) {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", user);
        return POOLS.clientFactory(managed, POOLS.pool(managed, 1));
    }

    /** The child: fetches the message through emailra's non-managed path and says how big it was. */
    static final class FetchInSmallHeap {

        public static void main(String[] args) throws Exception {
            MailServers servers = MailServers.load();
            ImapManagedConnectionFactory managed = RealServerFactories.configure(servers,
                    new ImapManagedConnectionFactory(), "imap", "STARTTLS", args[0]);
            try (managed; ImapClient client = ((ImapClientFactory) managed.createConnectionFactory()).getClient()) {
                client.selectFolder(args[1]);
                MimeMessage fetched = client.fetchMessage(Long.parseLong(args[2]));
                System.out.println("fetched " + Math.round(fetched.getSize() / (1024.0 * 1024.0)) + " MB");
            }
        }
    }
}
