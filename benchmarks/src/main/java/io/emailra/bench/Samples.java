package io.emailra.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations per second of each contender, and the CPU time its threads spent per operation, one
 * value per measured round, in round order.
 */
final class Samples {

    private final Map<String, List<Double>> perSecond = new LinkedHashMap<>();
    private final Map<String, List<Double>> cpuMicros = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> connectionsOpen = new LinkedHashMap<>();

    void add(String contender, double operationsPerSecond, double cpuMicrosPerOperation) {
        perSecond.computeIfAbsent(contender, name -> new ArrayList<>()).add(operationsPerSecond);
        cpuMicros.computeIfAbsent(contender, name -> new ArrayList<>()).add(cpuMicrosPerOperation);
    }

    /** How the contender ran, and the physical connections its pool held at the end of the run. */
    void describe(String contender, String label, String connections) {
        labels.put(contender, label);
        connectionsOpen.put(contender, connections);
    }

    String label(String contender) {
        return labels.getOrDefault(contender, contender);
    }

    String connectionsOpen(String contender) {
        return connectionsOpen.getOrDefault(contender, "—");
    }

    /** CPU time of the contender's own threads per operation, in µs: the client's cost, whatever the server does. */
    double[] cpu(String contender) {
        return cpuMicros.get(contender).stream().mapToDouble(Double::doubleValue).toArray();
    }

    List<String> contenders() {
        return List.copyOf(perSecond.keySet());
    }

    double[] of(String contender) {
        return perSecond.get(contender).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The contender against the reference, round by round: both ran in the same round, one after the
     * other, so the ratio of a round is not moved by what the machine did in another round.
     */
    double[] ratios(String contender, String reference) {
        double[] values = of(contender);
        double[] references = of(reference);
        double[] ratios = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            ratios[i] = values[i] / references[i];
        }
        return ratios;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }
}
