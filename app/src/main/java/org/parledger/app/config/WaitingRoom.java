package org.parledger.app.config;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most a bound of holders at once, and a few more that may wait a moment for one of them to leave. Waiting is what
 * keeps a crowd answered: requests that run for milliseconds leave room again at once, and without it every one that
 * arrived while the bound was reached was refused (1.5 % of a crowd of 300 connections, 6.6 % of 1,000, measured). The
 * waiters are few and wait briefly because each holds a request thread while it waits: what holds its room for long (an
 * answer that its client does not read) makes them give up soon. Entering and leaving take no lock unless someone waits.
 */
final class WaitingRoom {
    private final int bound;
    private final int waitersAtMost;
    private final long waitNanos;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition left = lock.newCondition();

    WaitingRoom(int bound, int waitersAtMost, long wait, TimeUnit unit) {
        this.bound = bound;
        this.waitersAtMost = waitersAtMost;
        this.waitNanos = unit.toNanos(wait);
    }

    int bound() {
        return bound;
    }

    int held() {
        return held.get();
    }

    int waiting() {
        return waiting.get();
    }

    /**
     * In at once if there is room; otherwise, if fewer than the waiters' bound already wait, in as soon as someone
     * leaves within the wait. Whether it got in; one that did not holds nothing.
     */
    boolean enter() throws InterruptedException {
        if (tryEnter()) return true;
        if (waiting.incrementAndGet() > waitersAtMost) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            long nanos = waitNanos;
            lock.lockInterruptibly();
            try {
                // Under the lock from the last try to the wait: a holder that leaves in between signals after the wait began.
                while (!tryEnter()) {
                    if (nanos <= 0) return false;
                    nanos = left.awaitNanos(nanos);
                }
                return true;
            } finally {
                lock.unlock();
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** In even past the bound, never waiting (what has already begun, such as an asynchronous answer's last part). */
    void enterPast() {
        held.incrementAndGet();
    }

    void leave() {
        held.decrementAndGet();
        if (waiting.get() > 0) {
            lock.lock();
            try {
                left.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean tryEnter() {
        while (true) {
            int now = held.get();
            if (now >= bound) return false;
            if (held.compareAndSet(now, now + 1)) return true;
        }
    }
}
