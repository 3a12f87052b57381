package io.emailra.bench;

/**
 * One way of doing the measured operation (emailra in one mode, or an alternative), set up once and
 * then measured round after round. Everything but {@link Worker#operate} runs outside the clock.
 */
interface Contender extends AutoCloseable {

    String name();

    /** Prepares one round on the given number of threads. */
    Round round(int threads) throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** What one round needs, made for T threads. */
    @FunctionalInterface
    interface Rounds {
        Round round(int threads) throws Exception;
    }

    /** A contender whose resources (a pool, a mailer) are closed with it. */
    static Contender of(String name, Rounds rounds, AutoCloseable resources) {
        return new Contender() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Round round(int threads) throws Exception {
                return rounds.round(threads);
            }

            @Override
            public void close() throws Exception {
                resources.close();
            }
        };
    }

    /** One round of a contender. */
    @FunctionalInterface
    interface Round extends AutoCloseable {

        /** Called on the worker thread itself, before the clock starts. */
        Worker worker(int thread) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** What one thread does in a round: {@link #operate} is the timed operation. */
    @FunctionalInterface
    interface Worker extends AutoCloseable {

        void operate(int index) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }
}
