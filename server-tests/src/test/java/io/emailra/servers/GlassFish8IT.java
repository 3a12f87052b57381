package io.emailra.servers;

/** GlassFish 8, which needs JDK 21 or later: on Temurin 25. */
class GlassFish8IT extends AsadminServerIT {

    @Override
    String server() {
        return "glassfish8";
    }

    @Override
    String download() {
        return "glassfish8.zip";
    }

    @Override
    String javaHome() {
        return JDK25;
    }
}
