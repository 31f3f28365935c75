package org.parledger.app.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The room that requests without credentials share: a bound, and a few that wait a moment for it. */
@Timeout(60)
class WaitingRoomTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void oneWaitingGetsInWhenAHolderLeaves() throws Exception {
        WaitingRoom room = new WaitingRoom(2, 1, 1, TimeUnit.HOURS);
        assertThat(room.enter()).isTrue();
        assertThat(room.enter()).isTrue();
        Future<Boolean> waiter = waiterIn(room);
        assertThat(waiter).isNotDone();
        room.leave();
        assertThat(waiter.get()).isTrue();
        assertThat(room.held()).isEqualTo(2);
        assertThat(room.waiting()).isZero();
    }

    /** Beyond the waiters' bound no one waits (the wait is an hour: a call that waited would not return). */
    @Test
    void moreThanMayWaitAreRefusedAtOnce() throws Exception {
        WaitingRoom room = new WaitingRoom(1, 1, 1, TimeUnit.HOURS);
        assertThat(room.enter()).isTrue();
        Future<Boolean> waiter = waiterIn(room);
        assertThat(room.enter()).isFalse();
        assertThat(room.held()).isEqualTo(1);
        room.leave();
        assertThat(waiter.get()).isTrue();
    }

    /** One more entering the full room on a thread of its own, once it is seen waiting. */
    private Future<Boolean> waiterIn(WaitingRoom room) {
        Future<Boolean> waiter = threads.submit(room::enter);
        await().until(() -> room.waiting() == 1);
        return waiter;
    }

    @Test
    void aWaiterGivesUpAfterItsWaitAndHoldsNothing() throws Exception {
        WaitingRoom room = new WaitingRoom(1, 4, 1, TimeUnit.MILLISECONDS);
        assertThat(room.enter()).isTrue();
        assertThat(room.enter()).isFalse();
        assertThat(room.held()).isEqualTo(1);
        assertThat(room.waiting()).isZero();
        room.leave();
        assertThat(room.enter()).isTrue();
    }

    /** What has begun is counted past the bound, and keeps others out until it leaves. */
    @Test
    void whatHasBegunIsCountedPastTheBound() throws Exception {
        WaitingRoom room = new WaitingRoom(1, 0, 1, TimeUnit.HOURS);
        assertThat(room.enter()).isTrue();
        room.enterPast();
        assertThat(room.held()).isEqualTo(2);
        room.leave();
        assertThat(room.enter()).isFalse();
        room.leave();
        assertThat(room.enter()).isTrue();
    }

    /** Many at once: never more inside than the bound, and everyone who may wait gets in (no wake-up lost). */
    @Test
    void manyAtOnceNeverPassTheBound() throws Exception {
        int bound = 3;
        WaitingRoom room = new WaitingRoom(bound, 8, 1, TimeUnit.HOURS);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<CompletableFuture<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            workers.add(CompletableFuture.supplyAsync(() -> {
                int refused = 0;
                for (int i = 0; i < 20_000; i++) {
                    try {
                        if (!room.enter()) {
                            refused++;
                            continue;
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                    room.leave();
                }
                return refused;
            }, threads));
        }
        int refused = 0;
        for (CompletableFuture<Integer> worker : workers) refused += worker.get();
        assertThat(refused).isZero();
        assertThat(most.get()).isBetween(1, bound);
        assertThat(room.held()).isZero();
        assertThat(room.waiting()).isZero();
    }
}
