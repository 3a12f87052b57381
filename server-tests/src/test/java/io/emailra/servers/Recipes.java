package io.emailra.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The recipes of docs/DEPLOYING.md, read from the document itself so that what the tests run and
 * what users copy cannot drift apart. A recipe is the fenced block that follows a line
 * {@code <!-- recipe: name -->}.
 */
final class Recipes {

    private static final Path DOCUMENT = Path.of(System.getProperty("emailra.servers.recipes", "../docs/DEPLOYING.md"));

    private Recipes() {
    }

    static String get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no recipe '" + name + "' in " + DOCUMENT));
    }

    static Optional<String> find(String name) {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOCUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
        int marker = lines.indexOf("<!-- recipe: " + name + " -->");
        if (marker < 0) {
            return Optional.empty();
        }
        int open = marker + 1;
        while (open < lines.size() && lines.get(open).isBlank()) {
            open++;
        }
        if (open == lines.size() || !lines.get(open).startsWith("```")) {
            throw new IllegalArgumentException("recipe '" + name + "' in " + DOCUMENT + " is not followed by a code block");
        }
        StringBuilder block = new StringBuilder();
        for (int line = open + 1; line < lines.size(); line++) {
            if (lines.get(line).startsWith("```")) {
                return Optional.of(block.toString());
            }
            block.append(lines.get(line)).append('\n');
        }
        throw new IllegalArgumentException("recipe '" + name + "' in " + DOCUMENT + " has no closing fence");
    }
}
