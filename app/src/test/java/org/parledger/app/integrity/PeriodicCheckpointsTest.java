package org.parledger.app.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A checkpoint cut short by the application's stop is reported as such, not as a failure; a real failure still is. */
@ExtendWith(OutputCaptureExtension.class)
class PeriodicCheckpointsTest {

    @Test
    void aCheckpointCutShortByTheStopIsNoError(CapturedOutput output) throws Exception {
        CountDownLatch underWay = new CountDownLatch(1);
        PeriodicCheckpoints periodic = new PeriodicCheckpoints(() -> {
            underWay.countDown();
            try {
                new CountDownLatch(1).await(); // a long checkpoint, until the stop interrupts it
            } catch (InterruptedException e) {
                throw new IllegalStateException("Connection is closed", e);
            }
        }, Duration.ofMillis(10));
        periodic.start();
        assertThat(underWay.await(30, TimeUnit.SECONDS)).isTrue();
        periodic.stop();
        assertThat(periodic.isRunning()).isFalse();
        assertThat(output.getOut() + output.getErr()).contains("cut short by the stop (Connection is closed)")
                .doesNotContain("was not signed");
    }

    @Test
    void aFailureWhileRunningIsAnError(CapturedOutput output) throws Exception {
        CountDownLatch failed = new CountDownLatch(2);
        PeriodicCheckpoints periodic = new PeriodicCheckpoints(() -> {
            failed.countDown();
            throw new IllegalStateException("disk full");
        }, Duration.ofMillis(10));
        periodic.start();
        // The second attempt starts only after the first one's failure was logged.
        assertThat(failed.await(30, TimeUnit.SECONDS)).isTrue();
        periodic.stop();
        assertThat(output.getOut() + output.getErr()).contains("The periodic checkpoint was not signed: disk full");
    }
}
