package org.parledger.app.operations;

import org.junit.jupiter.api.Test;
import org.parledger.query.projection.ProjectionStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Health says DOWN for a failing projection, and for one that runs in name only: lagging, its position unmoved. */
class ProjectionsHealthTest {
    private final AtomicLong clock = new AtomicLong();
    private final AtomicReference<ProjectionStatus> scores = new AtomicReference<>();
    private final ProjectionsHealth health = new ProjectionsHealth(() -> List.of(scores.get()), Duration.ofSeconds(60), clock::get);

    private static ProjectionStatus status(long position, long head, boolean running, boolean failing) {
        return new ProjectionStatus("scores", "scores-v1", position, head, head - position, 0, 0, running, failing);
    }

    private Health after(Duration elapsed, ProjectionStatus status) {
        clock.addAndGet(elapsed.toNanos());
        scores.set(status);
        return health.health();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Health health) {
        return (Map<String, Object>) health.getDetails().get("scores-v1");
    }

    @Test
    void aRunningProjectionThatLagsWithoutMovingIsStalledAfterItsBound() {
        assertThat(after(Duration.ZERO, status(65, 66, true, false)).getStatus()).isEqualTo(Status.UP);
        assertThat(after(Duration.ofSeconds(59), status(65, 66, true, false)).getStatus()).isEqualTo(Status.UP);
        Health stalled = after(Duration.ofSeconds(2), status(65, 67, true, false));
        assertThat(stalled.getStatus()).isEqualTo(Status.DOWN);
        assertThat(details(stalled)).containsEntry("stalled", true).containsEntry("unmovedSeconds", 61L);
        // It moves again: UP at once.
        assertThat(after(Duration.ofSeconds(5), status(66, 67, true, false)).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aProjectionThatKeepsMovingOrHasCaughtUpIsNeverStalled() {
        for (int i = 0; i < 10; i++) {
            assertThat(after(Duration.ofSeconds(30), status(1_000L * i, 1_000L * i + 5_000, true, false)).getStatus())
                    .isEqualTo(Status.UP);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(after(Duration.ofSeconds(30), status(9_000, 9_000, true, false)).getStatus()).isEqualTo(Status.UP);
        }
        // Caught up for minutes, then an event arrives: its clock starts then.
        assertThat(after(Duration.ofSeconds(30), status(9_000, 9_001, true, false)).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aFailingProjectionIsDownAndAStoppedOneIsNotCalledStalled() {
        assertThat(after(Duration.ZERO, status(10, 20, true, true)).getStatus()).isEqualTo(Status.DOWN);
        assertThat(after(Duration.ofMinutes(5), status(10, 20, false, false)).getStatus()).isEqualTo(Status.UP);
        assertThat(details(after(Duration.ofMinutes(5), status(10, 20, false, false)))).containsEntry("stalled", false);
    }
}
