package io.emailra.ra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package layout is the architecture (SPEC §8): the JCA roles on top, then logical connections,
 * physical connections and configuration; the non-managed pool and inbound delivery (which uses the
 * public API only) beside them. Imports point down only.
 */
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "io", "emailra", "ra");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?io\\.emailra\\.ra((?:\\.[a-z0-9]+)*)\\.[A-Z]");

    /** Each layer and the layers of emailra's implementation it may import ("" is io.emailra.ra itself). */
    private static final Map<String, List<String>> MAY_USE = Map.of(
            "", List.of("logical", "physical", "pool", "config", "inbound", "outbox", "monitor"),
            "logical", List.of("physical", "config", "monitor"),
            "physical", List.of("config", "monitor"),
            "pool", List.of(),
            "config", List.of(),
            "monitor", List.of(),
            "inbound", List.of("config", "monitor"),
            "outbox", List.of("physical", "config", "monitor"),
            "osgi", List.of("", "pool", "config"));

    @Test
    void importsPointDownOnly() throws IOException {
        List<String> upward = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(SOURCES)) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                files++;
                String layer = layer(SOURCES.relativize(source.getParent()).toString().replace('/', '.'));
                Matcher imported = IMPORT.matcher(Files.readString(source));
                while (imported.find()) {
                    String target = layer(imported.group(1).isEmpty() ? "" : imported.group(1).substring(1));
                    if (!target.equals(layer) && !MAY_USE.get(layer).contains(target)) {
                        upward.add(source.getFileName() + " (" + describe(layer) + ") imports from " + describe(target));
                    }
                }
            }
        }
        assertTrue(files > 40, "found the sources: " + files);
        assertEquals(List.of(), upward);
    }

    /** The layer of a package below io.emailra.ra: its first segment (physical.imap is physical). */
    private static String layer(String subpackage) {
        String first = subpackage.contains(".") ? subpackage.substring(0, subpackage.indexOf('.')) : subpackage;
        if (!MAY_USE.containsKey(first)) {
            throw new AssertionError("package io.emailra.ra." + subpackage + " has no place in the layers");
        }
        return first;
    }

    private static String describe(String layer) {
        return layer.isEmpty() ? "io.emailra.ra" : "io.emailra.ra." + layer;
    }
}
