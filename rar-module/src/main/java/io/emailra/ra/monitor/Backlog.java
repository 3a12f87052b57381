package io.emailra.ra.monitor;

/** The ON_COMMIT messages waiting to be sent, as the journal holds them. */
public interface Backlog {

    /** A factory that sends at once has none. */
    Backlog NONE = new Backlog() {
        @Override
        public int pending() {
            return 0;
        }

        @Override
        public double oldestPendingSeconds() {
            return 0;
        }
    };

    int pending();

    double oldestPendingSeconds();
}
