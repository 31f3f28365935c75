package org.parledger.app.config;

import org.parledger.app.security.CountedAddress;
import org.parledger.app.security.Credentials;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What each key (a connection, a client address, a person) holds open, at most a bound each; taken and given back atomically per
 * key, so that two takes at once cannot both pass the bound and an ended one's count is never lost. A key holding
 * nothing is forgotten.
 * <p>
 * Each key's count is an atomic number changed by compare-and-set, not under a lock: every request from one address
 * (all of an office behind its router, all of a proxy's clients) takes and gives back the same key, and with a lock a
 * thread preempted while holding it kept the others waiting 20-70 ms (docs/measurements.md, thirty-first session).
 */
public final class CountsPerKey {
    /** A count given back to nothing and being forgotten: whoever meets it forgets it too and starts a new one. */
    private static final int FORGOTTEN = Integer.MIN_VALUE;
    private final int bound;
    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    public CountsPerKey(int bound) {
        this.bound = bound;
    }

    /** The key a client's address is counted under ({@link CountedAddress}; "unknown" when there is none). */
    static String address(InetSocketAddress from) {
        return Objects.requireNonNullElse(CountedAddress.of(Credentials.address(from)), "unknown");
    }

    public int bound() {
        return bound;
    }

    public int held(String key) {
        AtomicInteger count = counts.get(key);
        return count == null ? 0 : Math.max(count.get(), 0);
    }

    /** Keys holding something (for tests). */
    int keys() {
        return counts.size();
    }

    /** One more under the key if it holds fewer than the bound; whether it was taken. */
    public boolean take(String key) {
        return add(key, true);
    }

    /**
     * One more under the key even past the bound (what is refused is held while its refusal is written, and is given
     * back as anything taken); whether it was within the bound.
     */
    public boolean enter(String key) {
        return add(key, false);
    }

    private boolean add(String key, boolean bounded) {
        while (true) {
            AtomicInteger count = counts.computeIfAbsent(key, k -> new AtomicInteger());
            int now = count.get();
            if (now == FORGOTTEN) {
                counts.remove(key, count);
            } else if (bounded && now >= bound) {
                return false;
            } else if (count.compareAndSet(now, now + 1)) {
                return now < bound;
            }
        }
    }

    public void give(String key) {
        AtomicInteger count = counts.get(key);
        if (count == null) return;
        while (true) {
            int now = count.get();
            if (now <= 0) return; // nothing held, or forgotten
            if (now == 1) {
                if (count.compareAndSet(1, FORGOTTEN)) {
                    counts.remove(key, count);
                    return;
                }
            } else if (count.compareAndSet(now, now - 1)) {
                return;
            }
        }
    }
}
