package org.parledger.app.operations;

import org.junit.jupiter.api.Test;
import org.parledger.app.config.ConnectionPools;
import org.parledger.app.integrity.Verifications;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health's integrity component answers what was last read, at once, whatever the database does: a reading that hangs (a
 * database that does not answer) or fails leaves the answer as it was, and a finding of an altered ledger is DOWN.
 */
class IntegrityHealthTest {
    private static final Instant AT = Instant.parse("2026-12-05T02:00:00Z");
    private static final Verifications.State INTACT = new Verifications.State(Optional.of(
            new Verifications.Recorded(AT, "periodic verification on node-1", true, 500, 500, 0, null, 40)), Optional.empty());
    private static final Verifications.State ALTERED = new Verifications.State(Optional.of(
            new Verifications.Recorded(AT.plusSeconds(60), "verifyLedger by inspector-1", false, 211, 500, 1,
                    "position 212, assessment:T-A:2024 #3: the stored bytes do not give the hash", 41)),
            Optional.of(AT.minusSeconds(30)));

    @Test
    void answersAtOnceWhileTheFirstReadingHangsThenWhatWasRead() throws Exception {
        CountDownLatch database = new CountDownLatch(1);
        AtomicBoolean onTheNodesOwnPool = new AtomicBoolean();
        IntegrityHealth health = new IntegrityHealth(() -> {
            onTheNodesOwnPool.set(ConnectionPools.isBackground());
            try {
                database.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return INTACT;
        });
        long asked = System.nanoTime();
        Health unknown = health.health();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
        assertThat(unknown.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(unknown.getDetails()).containsEntry("latestVerification", "not read yet");
        database.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP));
        assertThat(onTheNodesOwnPool).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> latest = (Map<String, Object>) health.health().getDetails().get("latestVerification");
        assertThat(latest).containsEntry("by", "periodic verification on node-1").containsEntry("intact", true)
                .containsEntry("intactUpTo", 500L).doesNotContainKey("firstProblem");
    }

    @Test
    void anAlteredLedgerIsDownWithItsFirstProblemAndAFailedReadingKeepsTheLast() {
        AtomicLong now = new AtomicLong();
        AtomicReference<Verifications.State> stored = new AtomicReference<>(ALTERED);
        AtomicBoolean away = new AtomicBoolean();
        IntegrityHealth health = new IntegrityHealth(() -> {
            if (away.get()) throw new IllegalStateException("Connection is not available, request timed out after 3000ms");
            return stored.get();
        }, now::get, Runnable::run);
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.DOWN));
        Health down = health.health();
        @SuppressWarnings("unchecked")
        Map<String, Object> latest = (Map<String, Object>) down.getDetails().get("latestVerification");
        assertThat(latest).containsEntry("intact", false).containsEntry("intactUpTo", 211L)
                .containsEntry("firstProblem", "position 212, assessment:T-A:2024 #3: the stored bytes do not give the hash");
        assertThat(down.getDetails()).containsEntry("oldestUnsignedEvent", AT.minusSeconds(30).toString());
        // The database goes away: readings fail, and the finding stays as it was (an outage does not mend a ledger).
        away.set(true);
        stored.set(INTACT);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        for (int look = 0; look < 5; look++) assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        // Back, and a later verification found it intact: read at the next look after 10 s.
        away.set(false);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        await().atMost(Duration.ofSeconds(30)).until(() -> health.health().getStatus().equals(Status.UP));
        assertThat(health.read()).isEqualTo(INTACT);
    }
}
