package io.emailra.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server's JVM seen from outside, with the JDK's jcmd and Linux's ss. */
final class Jvm {

    private final String javaHome;
    private final long pid;

    Jvm(String javaHome, long pid) {
        this.javaHome = javaHome;
        this.pid = pid;
    }

    /** Runs a full collection, which also unloads the classes of unreachable class loaders. */
    void collectGarbage() {
        jcmd("GC.run");
    }

    /** How many class loaders have loaded a class of this name: the class is the last word of a line of the tree. */
    int loadedCopies(String className) {
        return (int) jcmd("VM.classloaders", "show-classes").lines().map(String::strip)
                .filter(line -> line.equals(className) || line.endsWith(" " + className)).count();
    }

    /** The live objects of classes whose names start with the prefix, as jcmd's class histogram lists them. */
    List<String> liveObjects(String classPrefix) {
        return jcmd("GC.class_histogram").lines().filter(line -> line.contains(" " + classPrefix)).map(String::strip).toList();
    }

    /** The names of the JVM's threads that start with the prefix. */
    List<String> threads(String prefix) {
        return jcmd("Thread.print").lines().filter(line -> line.startsWith("\"" + prefix))
                .map(line -> line.substring(1, line.indexOf('"', 1))).toList();
    }

    /** The JVM's TCP connections to these ports on the peer's side. */
    List<String> connectionsTo(int... ports) {
        List<String> found = new ArrayList<>();
        for (String line : run(List.of("ss", "-Htnp")).lines().toList()) {
            for (int port : ports) {
                if (line.contains(":" + port + " ") && line.contains("pid=" + pid + ",")) {
                    found.add(line);
                }
            }
        }
        return found;
    }

    /** Writes the live objects of the heap to the file (HPROF), replacing it. */
    void dumpHeap(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AssertionError("cannot replace " + file, e);
        }
        jcmd("GC.heap_dump", file.toString());
    }

    private String jcmd(String... arguments) {
        List<String> command = new ArrayList<>(List.of(javaHome + "/bin/jcmd", String.valueOf(pid)));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(command + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }
}
