package io.emailra.api;

/**
 * Decides which connection an operation runs on when it is not given one explicitly.
 *
 * <p>In every mode an operation given an {@link EmailConnection} runs on that connection, and
 * independent connections ({@link EmailClient#createConnection()}) can be created in any number.
 */
public enum AllocationMode {

    /**
     * The default. An operation runs on the calling context's default connection if it has one
     * (created with {@link EmailClient#createConnection(boolean) createConnection(true)}), else on the
     * client's main connection.
     */
    USE_MAIN_OR_DEFAULT,

    /**
     * Every operation runs on the client's main connection; default connections cannot be created.
     */
    USE_MAIN,

    /**
     * Every operation runs on the calling context's default connection, created automatically on
     * the context's first operation. The main connection is never allocated.
     */
    USE_DEFAULT
}
