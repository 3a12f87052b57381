package io.emailra.servers;

/** Payara Server 6 on JDK 17. */
class PayaraServerIT extends AsadminServerIT {

    @Override
    String server() {
        return "payara-server";
    }

    @Override
    String download() {
        return "payara-server.zip";
    }
}
