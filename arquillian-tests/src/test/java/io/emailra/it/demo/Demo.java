package io.emailra.it.demo;

import io.emailra.it.support.Asadmin;
import io.emailra.it.support.ServerSetup;
import org.glassfish.embeddable.GlassFish;
import org.glassfish.embeddable.GlassFishProperties;
import org.glassfish.embeddable.GlassFishRuntime;

import java.util.concurrent.CountDownLatch;

/**
 * The sample on an embedded default: embedded Payara on port 8080 with an in-process GreenMail,
 * prepared the way the README tells an operator (class-loading policy, RAR, pools), then the
 * sample WAR deployed. Runs until interrupted (Ctrl-C).
 */
public final class Demo {

    private static final String USER = "demo@localhost";
    private static final String PASSWORD = "demo-secret";

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        String sampleWar = args[0];
        GlassFishProperties properties = new GlassFishProperties();
        properties.setPort("http-listener", 8080);
        GlassFish server = GlassFishRuntime.bootstrap().newGlassFish(properties);
        server.start();
        ServerSetup.prepare(USER, PASSWORD);
        // The sample's message-driven bean reads its mailbox from these (docs/DEPLOYING.md's variables).
        System.setProperty("MAIL_HOST", "127.0.0.1");
        System.setProperty("IMAP_PORT", "3143");
        System.setProperty("MAIL_SECURITY", "NONE"); // GreenMail has no STARTTLS
        System.setProperty("MAIL_USER", USER);
        System.setProperty("MAIL_PASSWORD", PASSWORD);
        Asadmin.require("deploy", "--name", "emailra-sample", "--contextroot", "emailra-sample", sampleWar);

        String api = "http://localhost:8080/emailra-sample/api/mail";
        System.out.println("""

                emailra sample is running: %1$s
                mailbox %2$s on GreenMail (SMTP 127.0.0.1:3025, IMAP :3143, POP3 :3110)

                  curl -d to=%2$s -d subject=Hello -d text=Hi %1$s/send      SMTP, USE_DEFAULT
                  curl -d from=%2$s -d to=%2$s -d subject='[echo] Hi' -d text=Hi %1$s/send
                                                    the sample's MDB answers it: see /inbox
                  curl %1$s/inbox                                             IMAP, USE_MAIN
                  curl %1$s/messages/1                                        fetch one message
                  curl -X POST %1$s/messages/1/read                           transaction-bound default
                  curl %1$s/transactions                                      one client, two transactions (R9)
                  curl -d user=%2$s -d password=%3$s %1$s/inbox-of   getClient(user, password)
                  curl %1$s/folders                                           independent connection
                  curl %1$s/parallel                                          USE_DEFAULT, one per thread

                Ctrl-C stops it.
                """.formatted(api, USER, PASSWORD));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.dispose();
            } catch (Exception e) {
                // stopping anyway
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
