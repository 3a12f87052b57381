package io.emailra.it.support;

import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.CommandRunner;
import org.glassfish.internal.api.Globals;

/** Runs asadmin commands in the embedded server, as an operator would on a real one. */
public final class Asadmin {

    private Asadmin() {
    }

    /** Runs a command and returns its result, whatever its exit status. */
    public static CommandResult run(String command, String... arguments) {
        CommandRunner runner = Globals.getDefaultHabitat().getService(CommandRunner.class);
        return runner.run(command, arguments);
    }

    /** Runs a command that must succeed. */
    public static String require(String command, String... arguments) {
        CommandResult result = run(command, arguments);
        if (result.getExitStatus() != CommandResult.ExitStatus.SUCCESS) {
            throw new IllegalStateException("asadmin " + command + " " + String.join(" ", arguments) + " failed: "
                    + result.getOutput(), result.getFailureCause());
        }
        return result.getOutput();
    }
}
