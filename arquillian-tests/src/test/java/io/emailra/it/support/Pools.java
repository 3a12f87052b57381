package io.emailra.it.support;

import com.sun.enterprise.resource.pool.PoolManager;
import com.sun.enterprise.resource.pool.PoolStatus;
import org.glassfish.internal.api.Globals;
import org.glassfish.resourcebase.resources.api.PoolInfo;

/** What Payara's own connection pool reports, for tests that check nothing leaked. */
public final class Pools {

    private Pools() {
    }

    /** Physical connections handed out now (0 for a pool not created yet). */
    public static int inUse(String pool) {
        PoolStatus status = status(pool);
        return status == null ? 0 : status.getNumConnUsed();
    }

    /** Physical connections in the pool now, in use or free. */
    public static int size(String pool) {
        PoolStatus status = status(pool);
        return status == null ? 0 : status.getNumConnUsed() + status.getNumConnFree();
    }

    private static PoolStatus status(String pool) {
        return Globals.getDefaultHabitat().getService(PoolManager.class).getPoolStatus(new PoolInfo(pool));
    }
}
