package io.emailra.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A server as Maven Central serves it, unpacked afresh for each test class. */
final class Distribution {

    static final Path DOWNLOADS = Path.of(System.getProperty("emailra.servers.downloads", "target/downloads"));
    static final Path WORK = Path.of(System.getProperty("emailra.servers.work", "target/servers"));

    private Distribution() {
    }

    /**
     * Unpacks the download into a clean directory of its own and returns the one directory the
     * archive holds (e.g. {@code payara6}, {@code wildfly-39.0.1.Final}).
     */
    static Path unpack(String download, String name) throws IOException, InterruptedException {
        Path target = clean(name);
        Path archive = DOWNLOADS.resolve(download);
        ProcessBuilder command = download.endsWith(".tar.gz")
                ? new ProcessBuilder("tar", "xzf", archive.toString(), "-C", target.toString())
                : new ProcessBuilder("unzip", "-q", archive.toString(), "-d", target.toString());
        Process process = command.inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException("cannot unpack " + archive + " into " + target);
        }
        try (Stream<Path> top = Files.list(target)) {
            return top.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException(archive + " holds no directory"));
        }
    }

    /** An empty directory under the work directory. */
    static Path clean(String name) throws IOException {
        Path target = WORK.resolve(name).toAbsolutePath();
        if (Files.exists(target)) {
            try (Stream<Path> old = Files.walk(target)) {
                for (Path path : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        return Files.createDirectories(target);
    }
}
