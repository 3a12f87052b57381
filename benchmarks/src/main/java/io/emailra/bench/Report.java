package io.emailra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The results as Markdown: one table per scenario, medians with their spread, ratios per round. */
final class Report {

    private final StringBuilder text = new StringBuilder();

    Report line(String line) {
        text.append(line).append('\n');
        System.out.println(line);
        return this;
    }

    /**
     * One row per contender and T: median operations per second with min–max, the median (min–max)
     * of its per-round ratio to the reference contender, the median client CPU time per operation, and
     * the physical connections emailra's pool held at the end of the run.
     */
    void table(String title, String unit, String reference, Map<Integer, Samples> byThreads) {
        line("").line("### " + title).line("");
        line("| T | contender | " + unit + "/s, median | min–max | ratio to “" + shortName(reference)
                + "”, median | min–max | client CPU µs per op, median | physical connections open at the end |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|");
        byThreads.forEach((threads, samples) -> {
            for (String contender : samples.contenders()) {
                double[] values = samples.of(contender);
                double[] ratios = samples.ratios(contender, reference);
                line(String.format(Locale.ROOT, "| %d | %s | %.1f | %.1f–%.1f | %.2f | %.2f–%.2f | %.1f | %s |",
                        threads, samples.label(contender), Samples.median(values), Samples.min(values),
                        Samples.max(values), Samples.median(ratios), Samples.min(ratios), Samples.max(ratios),
                        Samples.median(samples.cpu(contender)), samples.connectionsOpen(contender)));
            }
        });
    }

    /** What emailra adds to one operation at T=1: wall time and client CPU time, from the medians of the same rounds. */
    void overhead(String title, Samples samples, String emailra, String raw) {
        double rawCpu = Samples.median(samples.cpu(raw));
        double emailraCpu = Samples.median(samples.cpu(emailra));
        line(String.format(Locale.ROOT, "| %s | %.1f µs | %.1f µs | %.2f | %.1f µs | %.1f µs | %+.1f µs |", title,
                1e6 / Samples.median(samples.of(raw)), 1e6 / Samples.median(samples.of(emailra)),
                Samples.median(samples.ratios(emailra, raw)), rawCpu, emailraCpu, emailraCpu - rawCpu));
    }

    void scale(ScaleRun.Result result) {
        line(String.format(Locale.ROOT, "| %s | %d | %d | %.2f s | %d | %.0f ms | %.0f ms | %d MB → %d MB | %d | %d |",
                result.what(), result.callers(), result.poolSize(), result.seconds(), result.errors(),
                result.medianMillis(), result.p99Millis(), result.heapBeforeMb(), result.peakHeapMb(),
                result.connectionsOpen(), result.inUseAfter()));
        if (result.firstError() != null) {
            line("").line("First error: `" + result.firstError() + "`").line("");
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    private static String shortName(String contender) {
        int comma = contender.indexOf(',');
        return comma < 0 ? contender : contender.substring(0, comma);
    }
}
