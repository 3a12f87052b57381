package io.emailra.servers;

import java.nio.file.Path;
import java.util.Map;

/** Open Liberty 25 on JDK 17: the RAR, the factories and the application in the server's configuration. */
class OpenLibertyIT extends ServerRecipeIT {

    private Path home;

    @Override
    String server() {
        return "open-liberty";
    }

    @Override
    Map<String, String> install() throws Exception {
        home = Distribution.unpack("openliberty.zip", server());
        return Map.of("WLP_HOME", home.toString(), "LIBERTY_ADMIN_PASSWORD", "admin-" + System.nanoTime());
    }

    @Override
    String sampleUrl() {
        return "http://127.0.0.1:9080/emailra-sample/api/mail";
    }

    @Override
    Path serverLog() {
        return home.resolve("usr/servers/emailra/logs/messages.log");
    }
}
