import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a JVM whose class path is the Felix framework and this class only: installs and starts
 * the bundles named on the command line (storage directory first), waits (bounded) for the test
 * bundle to write its result, then stops the framework.
 */
public class Launcher {

    public static void main(String[] args) throws Exception {
        Framework framework = new org.apache.felix.framework.FrameworkFactory().newFramework(Map.of(
                Constants.FRAMEWORK_STORAGE, args[0],
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        Path result = Path.of(System.getProperty("emailra.result"));
        try {
            List<Bundle> bundles = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                bundles.add(framework.getBundleContext().installBundle(Path.of(args[i]).toUri().toString()));
            }
            for (Bundle bundle : bundles) {
                bundle.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.exists(result) && System.nanoTime() - deadline < 0) {
                Thread.sleep(100);
            }
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
        System.out.println(Files.exists(result) ? "RESULT " + Files.readString(result) : "RESULT none within 90 s");
        System.exit(0);
    }
}
