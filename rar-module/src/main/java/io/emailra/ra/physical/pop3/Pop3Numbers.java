package io.emailra.ra.physical.pop3;

/**
 * Where a logical POP3 connection's message numbers come from (R15): the physical connection whose
 * session it is in, and whether the session it read them in was lost with its connection, which
 * voids them. Guarded by the logical connection's lock.
 */
public final class Pop3Numbers {

    /** The physical connection whose POP3 session the logical connection is in, or null. */
    Pop3Connection session;
    /** Which of that connection's sessions (it counts them). */
    long generation;
    /** Whether the numbers it knows came from a session that was lost. */
    boolean lost;
}
