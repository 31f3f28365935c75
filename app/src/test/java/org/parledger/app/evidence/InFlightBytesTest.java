package org.parledger.app.evidence;

import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evidence files held at once stay within their bound: a request beyond it waits for room, then is UNAVAILABLE. */
class InFlightBytesTest {
    private static final long MB = 1024 * 1024;

    @Test
    void filesAreHeldUpToTheBoundAndTheNextWaitsForRoom() throws Exception {
        InFlightBytes inFlight = new InFlightBytes(64 * MB, Duration.ofSeconds(30));
        InFlightBytes.Held first = inFlight.hold(20 * MB);
        InFlightBytes.Held second = inFlight.hold(20 * MB);
        InFlightBytes.Held third = inFlight.hold(20 * MB);
        assertThat(inFlight.available()).isEqualTo(4 * 1024);
        CountDownLatch asking = new CountDownLatch(1);
        CompletableFuture<InFlightBytes.Held> fourth = CompletableFuture.supplyAsync(() -> {
            asking.countDown();
            return inFlight.hold(20 * MB);
        });
        asking.await();
        assertThat(fourth).isNotDone();
        second.close();
        InFlightBytes.Held held = fourth.get(10, TimeUnit.SECONDS);
        held.close();
        first.close();
        third.close();
        assertThat(inFlight.available()).isEqualTo(64 * 1024);
    }

    @Test
    void withNoRoomInTimeTheRequestIsUnavailableAndHoldsNothing() {
        InFlightBytes inFlight = new InFlightBytes(64 * MB, Duration.ofMillis(50));
        InFlightBytes.Held whole = inFlight.hold(64 * MB);
        assertThatThrownBy(() -> inFlight.hold(1))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        whole.close();
        assertThat(inFlight.available()).isEqualTo(64 * 1024);
    }

    @Test
    void aFileLargerThanTheBoundTakesAllOfItAndAnUnknownSizeIsNotFree() {
        InFlightBytes inFlight = new InFlightBytes(16 * MB, Duration.ofMillis(50));
        try (InFlightBytes.Held held = inFlight.hold(100 * MB)) {
            assertThat(inFlight.available()).isZero();
        }
        try (InFlightBytes.Held held = inFlight.hold(0)) {
            assertThat(inFlight.available()).isEqualTo(16 * 1024 - 1);
        }
    }
}
