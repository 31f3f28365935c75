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
 * Which pool it reads on is said where it is made. What the node says about itself ({@link #onTheNodesOwnPool}: the
 * projections' positions, the database's clock) is read on the pool of the node's own work ({@link ConnectionPools}):
 * when requests hold every connection of theirs, that is what an operator needs (on the requests' pool, health said it
 * could not read the projections' positions and the lag and clock gauges had no value while the requests held on,
 * docs/measurements.md, twenty-ninth session). Whether the database answers requests ({@link #onTheRequestsPool}) is
 * read on theirs. Either way one read at a time bounds what anonymous health probes can take from a pool to one
 * connection per reading.
 */
final class RecentReading<T> {
    private final LoadingCache<Boolean, Taken<T>> copy;

    private record Taken<T>(T value, RuntimeException failure) {
    }

    /** Reads on the calling thread's pool, as it is marked ({@link ConnectionPools#background}). */
    RecentReading(Supplier<T> read, Duration keep, Ticker ticker) {
        this.copy = Caffeine.newBuilder().expireAfterWrite(keep).ticker(ticker).executor(Runnable::run)
                .build(key -> {
                    try {
                        return new Taken<>(read.get(), null);
                    } catch (RuntimeException e) {
                        return new Taken<>(null, e);
                    }
                });
    }

    static <T> RecentReading<T> onTheNodesOwnPool(Supplier<T> read, Duration keep, Ticker ticker) {
        return new RecentReading<>(() -> ConnectionPools.background(read), keep, ticker);
    }

    static <T> RecentReading<T> onTheNodesOwnPool(Supplier<T> read, Duration keep) {
        return onTheNodesOwnPool(read, keep, Ticker.systemTicker());
    }

    /** Read by a request's thread (health asked for over HTTP), so on the requests' pool. */
    static <T> RecentReading<T> onTheRequestsPool(Supplier<T> read, Duration keep) {
        return new RecentReading<>(read, keep, Ticker.systemTicker());
    }

    /** The value read at most {@code keep} ago; throws the last read's failure while it is that recent. */
    T get() {
        Taken<T> taken = copy.get(Boolean.TRUE);
        if (taken.failure() != null) throw taken.failure();
        return taken.value();
    }
}
