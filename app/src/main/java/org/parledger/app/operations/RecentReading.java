package org.parledger.app.operations;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import org.parledger.app.config.ConnectionPools;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One reading of the database shared by /actuator/health and the meters: kept for a few seconds, taken by one asker at
 * a time while the others wait for it (Caffeine's loading cache), so that frequent probes and scrapes cost the database
 * one read per interval, whoever asks and however many at once. A failure to read (the database is down) is kept as
 * long, so that probes during an outage are answered at once instead of each waiting for a connection.
 * <p>
 * Read on the pool of the node's own work ({@link ConnectionPools}): when requests hold every connection of theirs, what
 * the node can say about itself is what an operator needs (on the requests' pool, health said it could not read the
 * projections' positions and the lag and clock gauges had no value while the requests held on, docs/measurements.md,
 * twenty-ninth session). One read at a time bounds what anonymous health probes can take from that pool to one
 * connection per reading.
 */
final class RecentReading<T> {
    private final LoadingCache<Boolean, Taken<T>> copy;

    private record Taken<T>(T value, RuntimeException failure) {
    }

    RecentReading(Supplier<T> read, Duration keep, Ticker ticker) {
        this.copy = Caffeine.newBuilder().expireAfterWrite(keep).ticker(ticker).executor(Runnable::run)
                .build(key -> {
                    try (ConnectionPools.Mark ignored = ConnectionPools.background()) {
                        return new Taken<>(read.get(), null);
                    } catch (RuntimeException e) {
                        return new Taken<>(null, e);
                    }
                });
    }

    RecentReading(Supplier<T> read, Duration keep) {
        this(read, keep, Ticker.systemTicker());
    }

    /** The value read at most {@code keep} ago; throws the last read's failure while it is that recent. */
    T get() {
        Taken<T> taken = copy.get(Boolean.TRUE);
        if (taken.failure() != null) throw taken.failure();
        return taken.value();
    }
}
