package io.emailra.servers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Payara Micro 6 on JDK 17: the RAR and the pools from a post-boot command file, the application from --deploy. */
class PayaraMicroIT extends ServerRecipeIT {

    @Override
    String server() {
        return "payara-micro";
    }

    @Override
    Map<String, String> install() throws Exception {
        Path jar = Distribution.clean(server()).resolve("payara-micro.jar");
        Files.copy(Distribution.DOWNLOADS.resolve("payara-micro.jar"), jar);
        return Map.of("PAYARA_MICRO_JAR", jar.toString());
    }

    @Override
    String sampleUrl() {
        return "http://127.0.0.1:8080/emailra-sample/api/mail";
    }

    @Override
    Path serverLog() {
        return foregroundLog();
    }
}
