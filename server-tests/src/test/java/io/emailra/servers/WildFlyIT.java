package io.emailra.servers;

import java.nio.file.Path;
import java.util.Map;

/** WildFly 39 on JDK 17: the RAR deployed, then a resource-adapters subsystem entry through the CLI. */
class WildFlyIT extends ServerRecipeIT {

    private Path home;

    @Override
    String server() {
        return "wildfly";
    }

    @Override
    Map<String, String> install() throws Exception {
        home = Distribution.unpack("wildfly.zip", server());
        return Map.of("WILDFLY_HOME", home.toString());
    }

    @Override
    String started() {
        return "WFLYSRV0025";
    }

    @Override
    String sampleUrl() {
        return "http://127.0.0.1:8080/emailra-sample/api/mail";
    }

    @Override
    Path serverLog() {
        return home.resolve("standalone/log/server.log");
    }
}
