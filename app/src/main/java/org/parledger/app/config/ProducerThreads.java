package org.parledger.app.config;

import org.axonframework.common.AxonThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The threads of the embedded event store's producer (the one reader that feeds the processors from the event table),
 * awaited when the application stops. Axon's {@code EmbeddedEventStore.shutDown()} only marks its producer closed and
 * returns; a read under way, or one begun when the producer's wait of up to a second ended, then ran after the
 * connection pool had closed and logged an ERROR ("Failed to read events from the underlying event storage") at the end
 * of a clean stop. Its reads take their connections from the pool of the node's own work ({@link ConnectionPools}).
 * Destroyed after Axon's lifecycle has closed the producer and before the storage engine and its pool.
 */
final class ProducerThreads implements ThreadFactory, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ProducerThreads.class);

    private final ThreadFactory threads = new AxonThreadFactory("EmbeddedEventStore");
    private final Queue<Thread> made = new ConcurrentLinkedQueue<>();
    private final Duration patience;

    ProducerThreads(Duration patience) {
        this.patience = patience;
    }

    @Override
    public Thread newThread(Runnable work) {
        // The producer reads for the processors: from the pool of the node's own work (ConnectionPools).
        Thread thread = threads.newThread(() -> {
            ConnectionPools.backgroundThread();
            work.run();
        });
        made.add(thread);
        return thread;
    }

    /** How many threads were made (the producer starts when the first processor opens a stream). */
    int made() {
        return made.size();
    }

    /** Whether every thread made has ended. */
    boolean allEnded() {
        return made.stream().noneMatch(Thread::isAlive);
    }

    @Override
    public void destroy() throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread thread : made) {
            long left = deadline - System.nanoTime();
            if (left > 0) TimeUnit.NANOSECONDS.timedJoin(thread, left);
            if (thread.isAlive()) log.warn("{} still running {} after the event store closed", thread.getName(), patience);
        }
    }
}
