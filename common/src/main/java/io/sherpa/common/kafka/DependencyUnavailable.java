package io.sherpa.common.kafka;

import java.util.Set;

/**
 * Whether a listener failed because something it depends on did not answer (MongoDB unreachable or timing
 * out, a blocking wait that ran out) rather than because of the record. Such a failure says nothing about the
 * record: dead-lettering it would lose a good record whenever the store is down for longer than the retries
 * last, so it is retried until the dependency is back, and the partition waits meanwhile.
 *
 * <p>Classes are matched by name (and superclass names) so that {@code common} needs no MongoDB driver.
 */
public final class DependencyUnavailable {

    private static final Set<String> UNAVAILABLE = Set.of(
            "com.mongodb.MongoTimeoutException",
            "com.mongodb.MongoSocketException",
            "com.mongodb.MongoServerUnavailableException",
            "com.mongodb.MongoConnectionPoolClearedException",
            "com.mongodb.MongoNotPrimaryException",
            "com.mongodb.MongoNodeIsRecoveringException",
            "com.mongodb.MongoInterruptedException",
            "java.util.concurrent.TimeoutException");

    private DependencyUnavailable() {}

    /**
     * Whether {@code error}, one of its causes, or an error suppressed by one of them (Reactor gathers the
     * failures of work done side by side that way, as one error with the others suppressed) is a dependency
     * not answering.
     */
    public static boolean isCause(Throwable error) {
        return isCause(error, 0);
    }

    private static boolean isCause(Throwable error, int depth) {
        for (Throwable e = error; e != null && depth < 20; e = e.getCause(), depth++) {
            for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
                if (UNAVAILABLE.contains(c.getName())) {
                    return true;
                }
            }
            // Reactor's block(timeout) running out: the store did not answer in time
            if (e instanceof IllegalStateException
                    && e.getMessage() != null
                    && e.getMessage().startsWith("Timeout on blocking read")) {
                return true;
            }
            for (Throwable suppressed : e.getSuppressed()) {
                if (isCause(suppressed, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
