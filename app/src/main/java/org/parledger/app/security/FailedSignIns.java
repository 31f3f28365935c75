package org.parledger.app.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.time.Duration;

/**
 * Wrong HTTP Basic passwords per client address (parledger.security.failed-sign-ins.*), a Bucket4j token bucket each.
 * Every password not checked in the last minutes costs a full bcrypt check (64.5 ms of CPU on the reference machine,
 * docs/security.md): unbounded, one anonymous client guessing from 32 connections held both cores (25 guesses a second,
 * everyone else's requests queued) and nothing slowed the guessing. A check that costs bcrypt takes one attempt from its
 * address's bucket before it runs, given back if the password was right, so concurrent guesses cannot overdraw it; a
 * password already known to match costs nothing and takes nothing. With none left, the address's Basic requests are
 * refused until the bucket refills. Bearer tokens cost a signature check and are not counted. Buckets are per node.
 */
public final class FailedSignIns {
    private static final Logger log = LoggerFactory.getLogger(FailedSignIns.class);

    /** What a Basic sign-in may do: go on free (a known password), go on with an attempt taken, or wait. */
    public record Attempt(boolean allowed, boolean taken, long retryAfterSeconds) {
        static final Attempt FREE = new Attempt(true, false, 0);
        static final Attempt TAKEN = new Attempt(true, true, 0);
    }

    private final int limit;
    private final Duration per;
    private final UserDetailsService accounts;
    private final VerifiedPasswords passwords;
    private final Cache<String, Bucket> buckets;

    /** @param accounts, passwords where a known password is told (null: every sign-in takes an attempt) */
    FailedSignIns(SecurityProperties.FailedSignIns settings, UserDetailsService accounts, VerifiedPasswords passwords) {
        this.limit = settings.limit();
        this.per = settings.per();
        this.accounts = accounts;
        this.passwords = passwords;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(per.multipliedBy(2).plusMinutes(1)).maximumSize(100_000).build();
    }

    /** Before Basic credentials from an address are checked (null: they do not decode, and will be refused). */
    Attempt begin(String address, BasicCredentials credentials) {
        if (limit <= 0 || address == null || known(credentials)) return Attempt.FREE;
        Bucket bucket = buckets.get(address, a -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, per).build()).build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Attempt.TAKEN
                : new Attempt(false, false, MutationRateLimit.RateLimited.secondsToWait(probe.getNanosToWaitForRefill()));
    }

    /** After the check: a right password gives its attempt back; a wrong one that leaves none is logged. */
    void end(String address, Attempt attempt, boolean wrong) {
        if (!attempt.taken()) return;
        Bucket bucket = buckets.getIfPresent(address);
        if (bucket == null) return;
        if (!wrong) {
            bucket.addTokens(1);
        } else if (bucket.getAvailableTokens() == 0) {
            log.warn("Sign-ins from {} are refused until its allowance refills: {} wrong passwords within {}", address, limit, per);
        }
    }

    int limit() {
        return limit;
    }

    Duration per() {
        return per;
    }

    private boolean known(BasicCredentials credentials) {
        if (accounts == null || passwords == null || credentials == null) return false;
        try {
            return passwords.known(credentials.password(), accounts.loadUserByUsername(credentials.username()).getPassword());
        } catch (UsernameNotFoundException e) {
            return false;
        }
    }
}
