package org.parledger.app.config;

import org.parledger.app.security.CountedAddress;
import org.parledger.app.security.Credentials;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each key (a connection, a client address, a person) holds open, at most a bound each; taken and given back atomically per
 * key, so that two takes at once cannot both pass the bound and an ended one's count is never lost. A key holding
 * nothing is forgotten.
 */
public final class CountsPerKey {
    private final int bound;
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

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
        return counts.getOrDefault(key, 0);
    }

    /** One more under the key if it holds fewer than the bound; whether it was taken. */
    public boolean take(String key) {
        boolean[] taken = {false};
        counts.compute(key, (k, held) -> {
            int now = held == null ? 0 : held;
            if (now >= bound) return held;
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /**
     * One more under the key even past the bound (what is refused is held while its refusal is written, and is given
     * back as anything taken); whether it was within the bound.
     */
    public boolean enter(String key) {
        return counts.merge(key, 1, Integer::sum) <= bound;
    }

    public void give(String key) {
        counts.computeIfPresent(key, (k, held) -> held <= 1 ? null : held - 1);
    }
}
