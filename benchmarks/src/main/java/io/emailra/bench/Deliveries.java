package io.emailra.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Between two rounds against Postfix: waits until the round's messages reached the recipient's
 * Maildir and removes them, so that every round starts on an idle server with an empty queue.
 */
final class Deliveries implements IntConsumer {

    private static final Duration BOUND = Duration.ofMinutes(3);

    private final Path newMail;

    Deliveries(Path maildir) {
        this.newMail = maildir.resolve("new");
    }

    /** Waits for this many messages. */
    @Override
    public void accept(int perRound) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        List<Path> delivered = list();
        while (delivered.size() < perRound) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + delivered.size() + " of " + perRound + " messages reached "
                        + newMail + " within " + BOUND.toSeconds() + " s");
            }
            sleep();
            delivered = list();
        }
        for (Path message : delivered) {
            try {
                Files.deleteIfExists(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Empties the Maildir before the first round. */
    void clear() {
        list().forEach(message -> message.toFile().delete());
    }

    private List<Path> list() {
        if (!Files.isDirectory(newMail)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(newMail)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for deliveries", e);
        }
    }
}
