package io.emailra.ra;

import io.emailra.api.AllocationMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API, as this module sees it on its class path, is an OSGi bundle exporting its two packages and nothing else. */
class ApiBundleTest {

    @Test
    void apiIsABundleExportingOnlyItsPackages() throws IOException, URISyntaxException {
        Attributes manifest = apiManifest().getMainAttributes();
        assertEquals("io.emailra.api", manifest.getValue("Bundle-SymbolicName"));
        assertEquals("2", manifest.getValue("Bundle-ManifestVersion"));
        String exports = manifest.getValue("Export-Package");
        List<String> packages = Arrays.stream(exports.replaceAll("\"[^\"]*\"", "").split(","))
                .map(clause -> clause.split(";")[0].strip()).toList();
        assertEquals(List.of("io.emailra.api", "io.emailra.api.inbound"), packages, exports);
        assertTrue(exports.contains("version=\"0.1.0\""), exports);
        assertTrue(manifest.getValue("Import-Package").contains("jakarta.mail.internet;version=\"[2.1,3)\""));
    }

    private static Manifest apiManifest() throws IOException, URISyntaxException {
        Path location = Path.of(AllocationMode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            try (InputStream in = Files.newInputStream(location.resolve("META-INF/MANIFEST.MF"))) {
                return new Manifest(in);
            }
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return jar.getManifest();
        }
    }
}
