package org.parledger.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A verified password is remembered, checked once however many requests bring it at once; a wrong one never is. */
class VerifiedPasswordsTest {
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(8);
    private final String hash = bcrypt.encode("right password");
    private final AtomicInteger checks = new AtomicInteger();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    };
    private final VerifiedPasswords passwords = new VerifiedPasswords(counting, Duration.ofMinutes(5), 100);

    @Test
    void sixteenConcurrentRequestsWithOneCredentialCostOneCheck() throws Exception {
        CyclicBarrier start = new CyclicBarrier(16);
        List<CompletableFuture<Boolean>> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return passwords.matches("right password", hash);
            }, command -> new Thread(command).start()));
        }
        for (CompletableFuture<Boolean> request : requests) assertThat(request.get()).isTrue();
        assertThat(checks).hasValue(1);
        assertThat(passwords.matches("right password", hash)).isTrue();
        assertThat(checks).hasValue(1);
    }

    @Test
    void aWrongPasswordIsCheckedInFullEveryTime() {
        assertThat(passwords.matches("wrong password", hash)).isFalse();
        assertThat(passwords.matches("wrong password", hash)).isFalse();
        assertThat(checks).hasValue(2);
        assertThat(passwords.matches(null, hash)).isFalse();
    }
}
