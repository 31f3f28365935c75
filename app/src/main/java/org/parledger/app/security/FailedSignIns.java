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

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Wrong HTTP Basic passwords per client address (parledger.security.failed-sign-ins.*), a Bucket4j token bucket each.
 * Every password not checked in the last minutes costs a full bcrypt check (64.5 ms of CPU on the reference machine,
 * docs/security.md): unbounded, one anonymous client guessing from 32 connections held both cores (25 guesses a second,
 * everyone else's requests queued) and nothing slowed the guessing. A check that costs bcrypt takes one attempt from its
 * address's bucket before it runs, given back if the password was right, so concurrent guesses cannot overdraw it; a
 * password already known to match costs nothing and takes nothing. With none left, the address's Basic requests are
 * refused until the bucket refills. Bearer tokens cost a signature check and are not counted. Buckets are per node.
 * <p>
 * Requests that carry the same credentials while they are being checked share one check and one attempt: the first
 * takes it, the others wait for its outcome, then go on free (the password is known now) or, if it was wrong, take an
 * attempt of their own one at a time. Without this, 32 clients of one account starting at once (or every few minutes,
 * when the memory of their password lapses) took 32 attempts for one bcrypt check, and all but the first 10 were
 * refused 429 with the right password (the write benchmark's reads failed so, docs/measurements.md).
 */
public final class FailedSignIns {
    private static final Logger log = LoggerFactory.getLogger(FailedSignIns.class);

    /**
     * What a Basic sign-in may do: go on free (a known password), go on with an attempt taken, or wait. One that took
     * an attempt for credentials others share holds their check ({@code check}), finished by {@link #end}.
     */
    public record Attempt(boolean allowed, boolean taken, long retryAfterSeconds, String credentials,
                          CompletableFuture<Void> check) {
        static final Attempt FREE = new Attempt(true, false, 0, null, null);
    }

    private final int limit;
    private final Duration per;
    private final UserDetailsService accounts;
    private final VerifiedPasswords passwords;
    private final Cache<String, Bucket> buckets;
    /** Checks under way, by credentials (a salted hash of name and password): those that others wait for. */
    private final ConcurrentMap<String, CompletableFuture<Void>> checking = new ConcurrentHashMap<>();
    private final byte[] salt = new byte[32];

    /** @param accounts, passwords where a known password is told (null: every sign-in takes an attempt) */
    FailedSignIns(SecurityProperties.FailedSignIns settings, UserDetailsService accounts, VerifiedPasswords passwords) {
        this.limit = settings.limit();
        this.per = settings.per();
        this.accounts = accounts;
        this.passwords = passwords;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(per.multipliedBy(2).plusMinutes(1)).maximumSize(100_000).build();
        new SecureRandom().nextBytes(salt);
    }

    /** Before Basic credentials from an address are checked (null: they do not decode, and will be refused). */
    Attempt begin(String address, BasicCredentials credentials) {
        if (limit <= 0 || address == null) return Attempt.FREE;
        String key = credentials == null ? null : key(credentials);
        while (true) {
            if (known(credentials)) return Attempt.FREE;
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> running = key == null ? null : checking.putIfAbsent(key, mine);
            if (running != null) {
                running.join(); // the same credentials' check, under way: its outcome decides (always ended by end())
                continue;
            }
            Bucket bucket = buckets.get(address, a -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(limit).refillGreedy(limit, per).build()).build());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) return new Attempt(true, true, 0, key, mine);
            if (key != null) finish(key, mine);
            return new Attempt(false, false, MutationRateLimit.RateLimited.secondsToWait(probe.getNanosToWaitForRefill()), null, null);
        }
    }

    /** After the check: a right password gives its attempt back; a wrong one that leaves none is logged. */
    void end(String address, Attempt attempt, boolean wrong) {
        if (!attempt.taken()) return;
        if (attempt.credentials() != null) finish(attempt.credentials(), attempt.check());
        Bucket bucket = buckets.getIfPresent(address);
        if (bucket == null) return;
        if (!wrong) {
            bucket.addTokens(1);
        } else if (bucket.getAvailableTokens() == 0) {
            log.warn("Sign-ins from {} are refused until its allowance refills: {} wrong passwords within {}", address, limit, per);
        }
    }

    /** The check is over: whoever waits for it looks again (the password is known now, or they take an attempt). */
    private void finish(String key, CompletableFuture<Void> check) {
        checking.remove(key, check);
        check.complete(null);
    }

    private String key(BasicCredentials credentials) {
        return VerifiedPasswords.saltedDigest(salt, credentials.username(), credentials.password());
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
