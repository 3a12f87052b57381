package io.emailra.servers;

/** GlassFish 7 on JDK 17. */
class GlassFish7IT extends AsadminServerIT {

    @Override
    String server() {
        return "glassfish7";
    }

    @Override
    String download() {
        return "glassfish7.zip";
    }
}
