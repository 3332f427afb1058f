package io.sherpa.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void allowsABurstThenTheSustainedRate() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(bucket.tryTake(1, 0)).isZero();
        }
        assertThat(bucket.tryTake(1, 0)).isEqualTo(SECOND / 10);
        assertThat(bucket.tryTake(1, SECOND / 10)).isZero();
        assertThat(bucket.tryTake(5, SECOND / 10)).isPositive();
        assertThat(bucket.tryTake(5, SECOND / 10 + SECOND / 2)).isZero();
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        assertThat(bucket.tryTake(20, 100 * SECOND)).isZero();
        assertThat(bucket.tryTake(1, 100 * SECOND)).isPositive();
    }

    @Test
    void aRequestLargerThanTheBucketIsAllowedWhenFullAndPaidBackLater() {
        TokenBucket bucket = new TokenBucket(10, 20, 0);
        assertThat(bucket.tryTake(50, 0)).isZero();
        // 30 tokens of debt: the next comment waits until the bucket has one again (3.1 s)
        assertThat(bucket.tryTake(1, 0)).isEqualTo(31 * SECOND / 10);
        assertThat(bucket.tryTake(1, 31 * SECOND / 10)).isZero();
    }
}
