package io.emailra.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * One direction of a connection through a {@link TcpProxy} that plays a {@link TcpProxy.Network}: a
 * thread of its own writes each chunk when it would arrive (read time plus the one-way delay, later
 * while the bandwidth cap still sends the chunks before it), in the order read.
 */
final class DelayLine implements TcpProxy.Outlet {

    /** What holds the chunks back while the proxy stalls. */
    @FunctionalInterface
    interface Gate {
        void await() throws InterruptedException;
    }

    private record Chunk(byte[] bytes, long dueNanos, TcpProxy.WriteHooks hooks) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0, TcpProxy.WriteHooks.NONE);

    /**
     * The chunks on the wire. Bounded, as TCP's window is: a full line stops the proxy reading, and then
     * the sender's writes, instead of queueing without end.
     */
    private final BlockingQueue<Chunk> wire = new ArrayBlockingQueue<>(1024);
    private final Socket to;
    private final long delayNanos;
    private final long bytesPerSecond;
    private final Gate gate;
    private final Runnable closeBoth;
    private long sentUntil = System.nanoTime(); // the reading thread's alone: when the cap has sent what was read

    DelayLine(Socket to, TcpProxy.Network network, Gate gate, Runnable closeBoth, String name) {
        this.to = to;
        this.delayNanos = network.oneWayDelay().toNanos();
        this.bytesPerSecond = network.bytesPerSecond();
        this.gate = gate;
        this.closeBoth = closeBoth;
        Thread writer = new Thread(this::deliver, name);
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void forward(byte[] chunk, int length, TcpProxy.WriteHooks hooks) throws InterruptedException {
        long sent = Math.max(System.nanoTime(), sentUntil);
        if (bytesPerSecond > 0) {
            sent += length * 1_000_000_000L / bytesPerSecond;
        }
        sentUntil = sent;
        wire.put(new Chunk(Arrays.copyOf(chunk, length), sent + delayNanos, hooks));
    }

    @Override
    public void end() {
        try {
            wire.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts the proxy's threads; close at once then
            closeBoth.run();
        }
    }

    private void deliver() {
        boolean open = true;
        try {
            for (Chunk chunk; (chunk = wire.take()) != END; ) {
                if (!open) {
                    continue; // the connection is gone: drop what is on the wire until the reader ends too
                }
                for (long left; (left = chunk.dueNanos() - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(left); // may return early: the loop checks the clock again
                }
                gate.await();
                try {
                    TcpProxy.write(to, chunk.bytes(), chunk.bytes().length, chunk.hooks());
                } catch (IOException closed) {
                    open = false;
                    closeBoth.run(); // the reader sees its socket closed and ends the line
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // nobody interrupts the proxy's threads; close below
        } finally {
            closeBoth.run();
        }
    }
}
