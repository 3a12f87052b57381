package io.emailra.ra.monitor;

import java.beans.ConstructorProperties;

/** The times of one operation (an API method) on physical connections, as JMX shows them. */
public final class OperationTimes {

    private final long count;
    private final double meanMillis;
    private final double p50Millis;
    private final double p99Millis;
    private final double maxMillis;

    @ConstructorProperties({"count", "meanMillis", "p50Millis", "p99Millis", "maxMillis"})
    public OperationTimes(long count, double meanMillis, double p50Millis, double p99Millis, double maxMillis) {
        this.count = count;
        this.meanMillis = meanMillis;
        this.p50Millis = p50Millis;
        this.p99Millis = p99Millis;
        this.maxMillis = maxMillis;
    }

    public long getCount() {
        return count;
    }

    public double getMeanMillis() {
        return meanMillis;
    }

    public double getP50Millis() {
        return p50Millis;
    }

    public double getP99Millis() {
        return p99Millis;
    }

    public double getMaxMillis() {
        return maxMillis;
    }
}
