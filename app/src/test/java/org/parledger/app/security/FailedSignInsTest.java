package org.parledger.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Failed Basic sign-ins counted per address where credentials are checked outside the filter chain (a WebSocket's
 * connection_init): past the limit the password is not checked at all; another address is not affected; 0 lifts it.
 */
class FailedSignInsTest {
    private final AtomicInteger checked = new AtomicInteger();
    private final AuthenticationManager wrongEveryTime = authentication -> {
        checked.incrementAndGet();
        throw new BadCredentialsException("wrong password");
    };

    /** One account, "a", whose password is "mật-khẩu-đúng-2025" (bcrypt), and what remembers it once checked. */
    private static final String HASH = "{bcrypt}$2a$10$DTai7waY.QMIY3NiYkwt6uCbqVn07Rp/JzQhz/K3Vb4MGQKRqdmva";
    private static final Accounts ACCOUNT = Accounts.of(List.of(new SecurityProperties.Account("a", null, HASH, List.of("ADMIN"))));
    private final VerifiedPasswords passwords = new VerifiedPasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder(),
            Duration.ofMinutes(5), 100);

    private Credentials credentials(int limit) {
        return new Credentials(wrongEveryTime, Accounts.of(List.of()), false,
                new FailedSignIns(new SecurityProperties.FailedSignIns(limit, Duration.ofMinutes(1)), null, null));
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("a:" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pastTheLimitAnAddressesPasswordsAreNotChecked() {
        Credentials credentials = credentials(3);
        InetSocketAddress guesser = new InetSocketAddress("192.0.2.7", 40000);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> credentials.authenticate(basic("guess"), guesser)).isInstanceOf(BadCredentialsException.class);
        }
        assertThat(checked).hasValue(3);
        assertThatThrownBy(() -> credentials.authenticate(basic("another guess"), guesser))
                .isInstanceOf(BadCredentialsException.class).hasMessageContaining("too many wrong passwords from 192.0.2.7");
        assertThat(checked).as("not checked").hasValue(3);
        assertThatThrownBy(() -> credentials.authenticate(basic("guess"), new InetSocketAddress("192.0.2.8", 40000)))
                .hasMessage("wrong password");
        assertThat(checked).as("another address is checked").hasValue(4);
    }

    @Test
    void aRightPasswordGivesItsAttemptBackAndAKnownOneTakesNone() {
        FailedSignIns failures = new FailedSignIns(new SecurityProperties.FailedSignIns(2, Duration.ofMinutes(1)), ACCOUNT, passwords);
        BasicCredentials right = new BasicCredentials("a", "mật-khẩu-đúng-2025");
        BasicCredentials wrong = new BasicCredentials("a", "guess");
        for (int i = 0; i < 5; i++) {
            FailedSignIns.Attempt attempt = failures.begin("192.0.2.9", right);
            assertThat(attempt.allowed()).isTrue();
            failures.end("192.0.2.9", attempt, false);
        }
        FailedSignIns.Attempt first = failures.begin("192.0.2.9", wrong);
        FailedSignIns.Attempt second = failures.begin("192.0.2.9", new BasicCredentials("a", "another guess"));
        assertThat(failures.begin("192.0.2.9", new BasicCredentials("a", "a third guess")).allowed())
                .as("two guesses at once took both attempts").isFalse();
        failures.end("192.0.2.9", first, true);
        failures.end("192.0.2.9", second, true);
        FailedSignIns.Attempt refused = failures.begin("192.0.2.9", right);
        assertThat(refused.allowed()).as("not known yet: it would cost a full check").isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(1L, 30L);

        assertThat(passwords.matches("mật-khẩu-đúng-2025", HASH)).isTrue();
        assertThat(failures.begin("192.0.2.9", right)).as("known to match: free").isEqualTo(FailedSignIns.Attempt.FREE);
    }

    @Test
    void signInsWithTheSameCredentialsWhileTheyAreCheckedWaitForThatCheckInsteadOfTakingAttempts() throws Exception {
        FailedSignIns failures = new FailedSignIns(new SecurityProperties.FailedSignIns(2, Duration.ofMinutes(1)), ACCOUNT, passwords);
        BasicCredentials right = new BasicCredentials("a", "mật-khẩu-đúng-2025");
        FailedSignIns.Attempt first = failures.begin("192.0.2.10", right);
        assertThat(first.taken()).as("the first takes an attempt: its check costs bcrypt").isTrue();

        // Eight more with the same credentials while the first is checked (a client opening its connections at once).
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8, task -> {
            Thread thread = new Thread(task);
            threads.add(thread);
            return thread;
        });
        try {
            List<Future<FailedSignIns.Attempt>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) others.add(pool.submit(() -> failures.begin("192.0.2.10", right)));
            // Each has begun: answered already (as each was before: an attempt each, and refusals past the limit) or
            // waiting for the first one's check.
            await().atMost(Duration.ofSeconds(10)).until(() -> others.stream().allMatch(Future::isDone)
                    || threads.size() == 8 && threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
            assertThat(passwords.matches("mật-khẩu-đúng-2025", HASH)).isTrue(); // the first one's check, as Basic runs it
            failures.end("192.0.2.10", first, false);
            for (Future<FailedSignIns.Attempt> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).as("the right password, known once the first was checked")
                        .isEqualTo(FailedSignIns.Attempt.FREE);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures.begin("192.0.2.10", new BasicCredentials("a", "guess")).taken()).as("both attempts still there").isTrue();
        assertThat(failures.begin("192.0.2.10", new BasicCredentials("a", "guess 2")).taken()).isTrue();
    }

    @Test
    void aLimitOfZeroChecksEveryPassword() {
        Credentials credentials = credentials(0);
        InetSocketAddress guesser = new InetSocketAddress("192.0.2.7", 40000);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> credentials.authenticate(basic("guess"), guesser)).hasMessage("wrong password");
        }
        assertThat(checked).hasValue(20);
    }
}
