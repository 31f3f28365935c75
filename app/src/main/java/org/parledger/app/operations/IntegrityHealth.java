package org.parledger.app.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.parledger.app.integrity.Verifications;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * What the latest verification of the whole ledger found ({@link Verifications}), by whichever node or person ran it, in
 * /actuator/health as integrity: DOWN when it found the ledger not intact, until a later verification finds it intact
 * (an altered ledger stays altered: it is put right from a backup, then verified); UP otherwise, also before the first.
 * Not part of readiness: the node still records and answers, and a ledger altered in the database is the same for every
 * node. As meters: parledger_integrity_intact (1, 0, nothing before the first verification), the time the latest ended
 * and the time of the oldest event that no signed checkpoint covers yet (periodic checkpoints that stopped show as an
 * age that grows). Read at most every 10 s, on the pool of the node's own work ({@link RecentReading}).
 */
@Component("integrityHealthIndicator")
class IntegrityHealth implements HealthIndicator {
    private final RecentReading<Verifications.State> last;

    @Autowired
    IntegrityHealth(Verifications verifications, MeterRegistry meters) {
        this(verifications::state);
        gauge(meters, "parledger.integrity.intact", "1 when the latest verification of the whole ledger found it intact, "
                + "0 when it did not", null, s -> s.latest().map(v -> v.intact() ? 1.0 : 0.0).orElse(Double.NaN));
        gauge(meters, "parledger.integrity.verified.timestamp", "When the latest verification of the whole ledger ended",
                "seconds", s -> s.latest().map(v -> seconds(v.finishedAt())).orElse(Double.NaN));
        gauge(meters, "parledger.integrity.unsigned.since.timestamp", "When the oldest event that no signed checkpoint "
                + "covers yet was recorded (nothing when every event is covered)", "seconds",
                s -> s.oldestUnsigned().map(IntegrityHealth::seconds).orElse(Double.NaN));
    }

    IntegrityHealth(Supplier<Verifications.State> read) {
        this.last = RecentReading.onTheNodesOwnPool(read, Duration.ofSeconds(10));
    }

    private void gauge(MeterRegistry meters, String name, String description, String unit, ToDoubleFunction<Verifications.State> value) {
        Gauge.builder(name, this, health -> {
            try {
                return value.applyAsDouble(health.last.get());
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(description).baseUnit(unit).register(meters);
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    @Override
    public Health health() {
        Verifications.State state;
        try {
            state = last.get();
        } catch (RuntimeException e) {
            return Health.unknown().withDetail("error", "cannot read the ledger's verifications").build();
        }
        Health.Builder health = state.latest().map(v -> v.intact() ? Health.up() : Health.down()).orElseGet(Health::up);
        state.latest().ifPresentOrElse(v -> {
            Map<String, Object> latest = new LinkedHashMap<>();
            latest.put("finishedAt", v.finishedAt().toString());
            latest.put("by", v.verifiedBy());
            latest.put("intact", v.intact());
            latest.put("intactUpTo", v.intactUpTo());
            latest.put("events", v.events());
            latest.put("problems", v.problems());
            if (v.firstProblem() != null) latest.put("firstProblem", v.firstProblem());
            latest.put("tookMillis", v.tookMs());
            health.withDetail("latestVerification", latest);
        }, () -> health.withDetail("latestVerification", "none yet"));
        state.oldestUnsigned().ifPresent(at -> health.withDetail("oldestUnsignedEvent", at.toString()));
        return health.build();
    }
}
