package io.emailra.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a recipe with bash, in a directory and with the variables the recipes name. */
final class Shell {

    /** What a script printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {
    }

    private final Path directory;
    private final Map<String, String> variables;

    Shell(Path directory, Map<String, String> variables) {
        this.directory = directory;
        this.variables = variables;
    }

    /** Runs the script with {@code set -e}; fails with its output unless it succeeds. */
    String run(String script, Duration limit) {
        Result result = attempt("set -e\n" + script, limit);
        if (result.exitCode() != 0) {
            throw new AssertionError("exit code " + result.exitCode() + " from:\n" + script + "\noutput:\n" + result.output());
        }
        return result.output();
    }

    /** Starts a script that runs until stopped (a server in the foreground), its output to the log. */
    Process background(String script, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(variables);
        return builder.start();
    }

    /** Stops a background script and everything it started, and waits until they are gone. */
    static void stop(Process process) throws InterruptedException {
        var tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        for (ProcessHandle handle : tree) {
            if (!handle.onExit().completeOnTimeout(handle, 60, TimeUnit.SECONDS).join().isAlive()) {
                continue;
            }
            handle.destroyForcibly();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Runs the script and returns how it ended, whatever that was. */
    Result attempt(String script, Duration limit) {
        try {
            Path output = Files.createTempFile(directory, "shell", ".log");
            // Output to a file, not a pipe: a server the script starts in the background keeps a pipe open.
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(variables);
            Process process = builder.start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("not finished within " + limit.toSeconds() + " s:\n" + script
                        + "\noutput:\n" + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run bash in " + directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running:\n" + script, e);
        }
    }
}
