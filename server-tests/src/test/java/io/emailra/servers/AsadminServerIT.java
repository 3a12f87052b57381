package io.emailra.servers;

import java.nio.file.Path;
import java.util.Map;

/** Payara Server and GlassFish: one recipe, run with each server's own {@code asadmin}. */
abstract class AsadminServerIT extends ServerRecipeIT {

    private Path home;

    /** The download's file name under the downloads directory. */
    abstract String download();

    @Override
    String recipes() {
        return "payara-glassfish";
    }

    @Override
    Map<String, String> install() throws Exception {
        home = Distribution.unpack(download(), server());
        return Map.of("SERVER_HOME", home.toString());
    }

    Path serverHome() {
        return home;
    }

    @Override
    String sampleUrl() {
        return "http://127.0.0.1:8080/emailra-sample/api/mail";
    }

    @Override
    Path serverLog() {
        return home.resolve("glassfish/domains/domain1/logs/server.log");
    }
}
