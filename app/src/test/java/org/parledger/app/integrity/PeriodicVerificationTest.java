package org.parledger.app.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The periodic verification looks again and again, with its interval, until the stop; a look that could not verify is
 * logged and the next one tries again; a ledger found not intact is an ERROR naming the first problem; off at 0.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeriodicVerificationTest {
    private static final LedgerVerification.Report INTACT = new LedgerVerification.Report(true, 40, 40, 1, 1, List.of());
    private static final LedgerVerification.Report ALTERED = new LedgerVerification.Report(false, 11, 40, 1, 0,
            List.of(new LedgerVerification.Problem(12L, "assessment:T-A:2024", 3L, "e-12", "the stored bytes do not give the hash")));

    @Test
    void looksAgainWithItsIntervalAfterAFailureAndTellsWhatItFound(CapturedOutput output) throws Exception {
        AtomicInteger looks = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        List<Duration> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        PeriodicVerification periodic = new PeriodicVerification((by, every) -> {
            asked.add(every);
            try {
                return switch (looks.incrementAndGet()) {
                    case 1 -> throw new IllegalStateException("the database is away");
                    case 2 -> Optional.of(ALTERED);
                    default -> Optional.of(INTACT);
                };
            } finally {
                three.countDown();
            }
        }, Duration.ofMillis(20));
        periodic.start();
        assertThat(three.await(30, TimeUnit.SECONDS)).isTrue();
        periodic.stop();
        assertThat(periodic.isRunning()).isFalse();
        assertThat(asked).allSatisfy(every -> assertThat(every).isEqualTo(Duration.ofMillis(20)));
        assertThat(output.getOut() + output.getErr())
                .contains("The periodic verification could not run: the database is away")
                .contains("The ledger is NOT intact: intact up to position 11, 1 problem(s)")
                .contains("assessment:T-A:2024")
                .contains("The ledger verified intact: 40 events, 1 checkpoints");
    }

    @Test
    void offAtZero() {
        PeriodicVerification periodic = new PeriodicVerification((by, every) -> {
            throw new AssertionError("not to be asked");
        }, Duration.ZERO);
        periodic.start();
        assertThat(periodic.isRunning()).isFalse();
        periodic.stop();
    }
}
