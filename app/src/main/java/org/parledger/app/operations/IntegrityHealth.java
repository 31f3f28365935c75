package org.parledger.app.operations;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.parledger.app.config.ConnectionPools;
import org.parledger.app.integrity.Verifications;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * What the latest verification of the whole ledger found ({@link Verifications}), by whichever node or person ran it, in
 * /actuator/health as integrity: DOWN when it found the ledger not intact, until a later verification finds it intact
 * (an altered ledger stays altered: it is put right from a backup, then verified); UP otherwise, also before the first.
 * Not part of readiness: the node still records and answers, and a ledger altered in the database is the same for every
 * node. As meters: parledger_integrity_intact (1, 0, nothing before the first verification), the time the latest ended
 * and the time of the oldest event that no signed checkpoint covers yet (periodic checkpoints that stopped show as an
 * age that grows). Read again at most every 10 s, on the pool of the node's own work and on a thread other than the
 * asker's: health and the scrapes answer what was last read at once and never wait for the database (the finding does
 * not change with an outage, and with the database stopped a fourth component waiting for a connection had health take
 * 12 s to answer, DatabaseOutageTest). "Not read yet" (UNKNOWN, which does not lower the overall status) until the first
 * reading is in; a reading that fails keeps the last.
 */
@Component("integrityHealthIndicator")
class IntegrityHealth implements HealthIndicator {
    private static final Boolean KEY = Boolean.TRUE;
    private final LoadingCache<Boolean, Verifications.State> last;
    /** Why the latest reading failed, while it has not succeeded since. */
    private volatile String failure;

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
        this(read, Ticker.systemTicker(), ForkJoinPool.commonPool());
    }

    /** @param readOn where readings run (a test's own thread, to order them with its clock) */
    IntegrityHealth(Supplier<Verifications.State> read, Ticker ticker, Executor readOn) {
        this.last = Caffeine.newBuilder().refreshAfterWrite(Duration.ofSeconds(10)).ticker(ticker).executor(readOn).build(new CacheLoader<>() {
            @Override
            public Verifications.State load(Boolean key) {
                return reload(key, null); // null: nothing read yet, asked again at the next look
            }

            @Override
            public Verifications.State reload(Boolean key, Verifications.State previous) {
                try {
                    Verifications.State state = ConnectionPools.background(read);
                    failure = null;
                    return state;
                } catch (RuntimeException e) {
                    failure = String.valueOf(e.getMessage());
                    return previous;
                }
            }
        });
        last.refresh(KEY);
    }

    /** The last reading, at once; a reading is started when there is none or it is older than 10 s. */
    Verifications.State read() {
        Verifications.State state = last.getIfPresent(KEY);
        if (state == null) last.refresh(KEY);
        return state;
    }

    private void gauge(MeterRegistry meters, String name, String description, String unit, ToDoubleFunction<Verifications.State> value) {
        Gauge.builder(name, this, health -> {
            Verifications.State state = health.read();
            return state == null ? Double.NaN : value.applyAsDouble(state);
        }).description(description).baseUnit(unit).register(meters);
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    @Override
    public Health health() {
        Verifications.State state = read();
        if (state == null) {
            Health.Builder unknown = Health.unknown().withDetail("latestVerification", "not read yet");
            String why = failure;
            return (why == null ? unknown : unknown.withDetail("error", "cannot read the ledger's verifications: " + why)).build();
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
