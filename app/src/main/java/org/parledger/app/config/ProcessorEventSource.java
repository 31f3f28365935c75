package org.parledger.app.config;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.parledger.query.projection.ProjectionWakeUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the projections' processors read the ledger through (application.yml names it as their source): the event
 * store's streams, which also tell when to look. Axon's pooled processor looks at a stream that cannot tell (the JDBC
 * default's) again only every 500 ms, so a read with consistentWith right after a change waited up to half a second,
 * nearly all of it when the change followed another one (measured: 440-550 ms on an idle node). Here the streams are
 * told (their processors look at once) when a read waits for them ({@link #wakeUp}, from consistentWith), and when
 * events arrive, committed on this node or, read by the store's own poll, on another: one watcher follows the store
 * from its head. Arrivals are told at a bounded rate, so that under a flood of writes the processors still take many
 * events per batch; and at least every {@code tick}, should the watcher have missed some. A stream that tells by itself
 * (Axon Server's) keeps its own way.
 */
public final class ProcessorEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, ProjectionWakeUp, DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(ProcessorEventSource.class);

    private final EventStore events;
    private final Duration tick;
    private final long betweenNanos;
    private final int burst;
    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private volatile Thread watcher;
    private volatile boolean stopped;

    /**
     * @param tick    the longest the streams go untold, events or not
     * @param between with {@code burst}, how often the streams are told of arrivals: {@code burst} tells at once, then
     *                one per {@code between}; events that arrive meanwhile wait and reach the processors' next batches
     *                together. Told of every commit at once (at most every 50 ms), the projections committed many small
     *                batches under load and the writes benchmark lost 14-22 % (docs/measurements.md)
     */
    public ProcessorEventSource(EventStore events, Duration tick, Duration between, int burst) {
        this.events = events;
        this.tick = tick;
        this.betweenNanos = between.toNanos();
        this.burst = burst;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken from) {
        return new Told(ConnectionPools.background(() -> events.openStream(from)));
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant instant) {
        return events.createTokenAt(instant);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return events.createTokenSince(duration);
    }

    /** How many streams are told now. */
    public int told() {
        return callbacks.size();
    }

    /** Whether the watcher follows the store now. */
    public synchronized boolean watching() {
        return watcher != null;
    }

    private synchronized void watch(Runnable callback) {
        callbacks.add(callback);
        if (watcher == null && !stopped) {
            watcher = new Thread(this::follow, "events-available");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    /**
     * Follows the store from its head while any stream is told; what it reads is dropped: it only tells that there was
     * something. Ends when the last stream closes (the processors stop before the event store does), so that it never
     * reads a store that has shut down; the next stream to be told starts it again.
     */
    private void follow() {
        ConnectionPools.backgroundThread();
        try {
            while (following()) {
                try (BlockingStream<TrackedEventMessage<?>> head = events.openStream(events.createHeadToken())) {
                    // A token bucket of tells: full after a quiet spell, so that a change on a quiet node is told at once.
                    double tells = burst;
                    long refilled = System.nanoTime();
                    while (!stopped && !callbacks.isEmpty()) {
                        if (head.hasNextAvailable((int) tick.toMillis(), TimeUnit.MILLISECONDS)) {
                            while (head.hasNextAvailable()) head.nextAvailable();
                            long now = System.nanoTime();
                            tells = betweenNanos == 0 ? burst : Math.min(burst, tells + (double) (now - refilled) / betweenNanos);
                            refilled = now;
                            if (tells < 1) {
                                TimeUnit.NANOSECONDS.sleep((long) ((1 - tells) * betweenNanos));
                                tells = 1;
                                refilled = System.nanoTime();
                            }
                            tells -= 1;
                        }
                        tellAll();
                    }
                } catch (RuntimeException e) {
                    // The store could not be read (the database away): the processors find out themselves; look again later.
                    log.debug("Cannot follow the ledger's head for now; trying again", e);
                    tellAll();
                    Thread.sleep(tick.toMillis());
                }
            }
        } catch (InterruptedException e) {
            // Only destroy() interrupts: it has stopped the source, so no stream is told by a watcher again.
            Thread.currentThread().interrupt();
        } finally {
            // Interrupted or failing past the above, the place is given up too (unless a next watcher has it already).
            synchronized (this) {
                if (watcher == Thread.currentThread()) watcher = null;
            }
        }
    }

    /**
     * Whether to go on following: not once stopped or the last stream has closed. The watcher gives its place up under
     * the same lock as {@link #watch} looks at it, so that a stream told as this watcher ends starts the next one.
     */
    private synchronized boolean following() {
        if (!stopped && !callbacks.isEmpty()) return true;
        watcher = null;
        return false;
    }

    /** A read waits for the processors (consistentWith): every stream is told now, whatever the tells left. */
    @Override
    public void wakeUp() {
        tellAll();
    }

    /** Each stream's callback, one failing (its processor stopping meanwhile) keeping none of the others from being told. */
    private void tellAll() {
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                log.debug("A processor could not be told of new events", e);
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        Thread following;
        synchronized (this) {
            stopped = true;
            following = watcher;
        }
        if (following != null) {
            following.interrupt();
            following.join(tick.toMillis() + 5_000);
        }
    }

    /**
     * One processor's stream; its callback is told until the stream is closed. What it reads on the processor's thread
     * (a stream behind the event store's shared reader reads by itself) is the node's own work ({@link ConnectionPools}).
     */
    private final class Told implements BlockingStream<TrackedEventMessage<?>> {
        private final BlockingStream<TrackedEventMessage<?>> stream;
        private volatile Runnable callback;

        Told(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (stream.setOnAvailableCallback(callback)) return true;
            this.callback = callback;
            watch(callback);
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return ConnectionPools.background(stream::peek);
        }

        @Override
        public boolean hasNextAvailable() {
            return ConnectionPools.background(stream::hasNextAvailable);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            try (ConnectionPools.Mark ignored = ConnectionPools.background()) {
                return stream.hasNextAvailable(timeout, unit);
            }
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            try (ConnectionPools.Mark ignored = ConnectionPools.background()) {
                return stream.nextAvailable();
            }
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public void close() {
            Runnable told = callback;
            if (told != null) callbacks.remove(told);
            stream.close();
        }
    }
}
