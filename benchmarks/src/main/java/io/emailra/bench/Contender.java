package io.emailra.bench;

import io.emailra.ra.pool.NonManagedConnectionManager;

import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One way of doing the measured operation (emailra in one mode, or an alternative), set up once and
 * then measured round after round. Everything but {@link Worker#operate} runs outside the clock.
 */
interface Contender extends AutoCloseable {

    String name();

    /** Prepares one round on the given number of threads. */
    Round round(int threads) throws Exception;

    /** What the tables call it on T threads: its name, and how it ran when not as the name says. */
    default String label(int threads) {
        return name();
    }

    /** Physical connections its own pool holds at the end of a run, "—" when it keeps none across rounds. */
    default String connectionsOpen() {
        return "—";
    }

    @Override
    default void close() throws Exception {
    }

    /** The contender with emailra's pool behind it, whose connections the tables show. */
    static Contender pooled(Contender contender, NonManagedConnectionManager pool) {
        return described(contender, contender::label,
                () -> String.valueOf(pool.idleCount() + pool.activeCount()));
    }

    /** The contender under another label. */
    static Contender labelled(Contender contender, IntFunction<String> label) {
        return described(contender, label, contender::connectionsOpen);
    }

    private static Contender described(Contender contender, IntFunction<String> label,
                                       Supplier<String> connectionsOpen) {
        return new Contender() {
            @Override
            public String name() {
                return contender.name();
            }

            @Override
            public Round round(int threads) throws Exception {
                return contender.round(threads);
            }

            @Override
            public String label(int threads) {
                return label.apply(threads);
            }

            @Override
            public String connectionsOpen() {
                return connectionsOpen.get();
            }

            @Override
            public void close() throws Exception {
                contender.close();
            }
        };
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
