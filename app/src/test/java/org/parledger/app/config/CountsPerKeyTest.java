package org.parledger.app.config;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counts behind the bounds per connection, address and person: never past the bound, nothing lost when many threads
 * take and give back one key at once, a key holding nothing forgotten. The WebSocket and subscription limits count a
 * client as the sign-in and request limits do (CountedAddressTest).
 */
class CountsPerKeyTest {

    @Test
    void aClientAddressIsCountedByItsIpv4AddressOrItsIpv6Network() {
        assertThat(CountsPerKey.address(new InetSocketAddress("2001:db8:66:1::1", 443)))
                .isEqualTo(CountsPerKey.address(new InetSocketAddress("2001:db8:66:1:ffff::2", 443)))
                .isEqualTo("2001:db8:66:1::/64");
        assertThat(CountsPerKey.address(new InetSocketAddress("203.0.113.7", 443))).isEqualTo("203.0.113.7");
        assertThat(CountsPerKey.address(null)).isEqualTo("unknown");
    }

    @Test
    void enteringCountsPastTheBoundAndSaysWhetherItWasWithin() {
        CountsPerKey counts = new CountsPerKey(2);
        assertThat(counts.enter("a")).isTrue();
        assertThat(counts.take("a")).isTrue();
        assertThat(counts.enter("a")).isFalse();
        assertThat(counts.take("a")).isFalse();
        assertThat(counts.held("a")).isEqualTo(3);
        assertThat(counts.held("b")).isZero();
        for (int i = 0; i < 3; i++) counts.give("a");
        counts.give("a"); // one more than was held: nothing to give back
        assertThat(counts.held("a")).isZero();
        assertThat(counts.keys()).isZero();
        assertThat(counts.take("a")).isTrue();
        assertThat(counts.held("a")).isEqualTo(1);
    }

    @Test
    void manyThreadsTakingOneKeyNeverHoldMoreThanTheBound() throws Exception {
        CountsPerKey counts = new CountsPerKey(5);
        AtomicInteger most = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        onSixteenThreads(() -> {
            if (counts.take("10.0.0.1")) {
                taken.incrementAndGet();
                most.accumulateAndGet(counts.held("10.0.0.1"), Math::max);
                Thread.yield();
                counts.give("10.0.0.1");
            }
        });
        assertThat(taken.get()).isPositive();
        assertThat(most.get()).isBetween(1, 5);
        assertThat(counts.held("10.0.0.1")).isZero();
        assertThat(counts.keys()).isZero();
    }

    @Test
    void manyThreadsTakingAndEnteringOneKeyLoseNothing() throws Exception {
        CountsPerKey counts = new CountsPerKey(5);
        AtomicInteger turn = new AtomicInteger();
        onSixteenThreads(() -> {
            // Past the bound too, as a refused request is held while its refusal is written.
            if (turn.incrementAndGet() % 4 == 0) {
                counts.enter("10.0.0.1");
                counts.give("10.0.0.1");
            } else if (counts.take("10.0.0.1")) {
                counts.give("10.0.0.1");
            }
        });
        assertThat(counts.held("10.0.0.1")).isZero();
        assertThat(counts.keys()).isZero();
    }

    private static void onSixteenThreads(Runnable step) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) step.run();
                }));
            }
            for (Future<?> done : work) done.get();
        } finally {
            threads.shutdownNow();
        }
    }
}
