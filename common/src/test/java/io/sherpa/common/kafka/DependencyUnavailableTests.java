package io.sherpa.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.json.EventFormatException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class DependencyUnavailableTests {

    /** Stands in for the driver's exceptions, matched by name: common has no MongoDB driver. */
    static class MongoException extends RuntimeException {
        MongoException(String message) {
            super(message);
        }
    }

    @Test
    void aBlockingWaitThatRanOutOrATimeoutAnywhereInTheCausesIsADependencyBeingUnavailable() {
        assertThat(DependencyUnavailable.isCause(new ListenerExecutionFailedException(
                        "listener failed",
                        new IllegalStateException("Timeout on blocking read for 30000000000 NANOSECONDS"))))
                .isTrue();
        assertThat(DependencyUnavailable.isCause(
                        new RuntimeException(new RuntimeException(new TimeoutException("no answer")))))
                .isTrue();
    }

    @Test
    void failuresOfWorkDoneSideBySideCountWhenOneOfThemIsADependencyNotAnswering() {
        // what Mono.block throws when flatMapDelayError gathered several failures
        RuntimeException gathered = reactor.core.Exceptions.multiple(
                new IllegalArgumentException("one decision"), new RuntimeException(new TimeoutException("store")));
        assertThat(DependencyUnavailable.isCause(new ListenerExecutionFailedException("listener failed", gathered)))
                .isTrue();
        assertThat(DependencyUnavailable.isCause(reactor.core.Exceptions.multiple(
                        new IllegalArgumentException("a"), new IllegalStateException("b"))))
                .isFalse();
    }

    @Test
    void aRecordThatCannotBeReadOrAnyOtherFailureIsNot() {
        assertThat(DependencyUnavailable.isCause(
                        new ListenerExecutionFailedException("listener failed", new EventFormatException("x", null))))
                .isFalse();
        assertThat(DependencyUnavailable.isCause(new IllegalStateException("something else")))
                .isFalse();
        assertThat(DependencyUnavailable.isCause(new MongoException("not the driver's class")))
                .isFalse();
        assertThat(DependencyUnavailable.isCause(null)).isFalse();
    }
}
