package org.parledger.app.evidence;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of evidence files held at once, bounded (parledger.evidence.in-flight): a file is held whole while it is
 * hashed, its type detected and it is stored, or read back, checked against its hash and sent. Unbounded, 32 assessors
 * uploading 20 MB scans at once ran a 512 MB heap out of memory and 13 of them were answered a bare 500
 * (docs/measurements.md, tenth session). Counted in kilobytes (a semaphore's permits are an int); a file larger than the
 * whole bound takes all of it.
 */
final class InFlightBytes {
    private final Semaphore kilobytes;
    private final int total;
    private final Duration wait;

    InFlightBytes(long bytes, Duration wait) {
        this.total = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / 1024));
        this.kilobytes = new Semaphore(total, true);
        this.wait = wait;
    }

    /** Room for this many bytes, released on close; UNAVAILABLE (with when to try again) if none comes in time. */
    Held hold(long bytes) {
        int permits = (int) Math.max(1, Math.min(total, (bytes + 1023) / 1024));
        boolean acquired;
        try {
            acquired = kilobytes.tryAcquire(permits, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, null, "the server is handling as many evidence files as it "
                    + "holds at once; try again in a few seconds");
        }
        return () -> kilobytes.release(permits);
    }

    /** Kilobytes free just now (for tests and meters). */
    int available() {
        return kilobytes.availablePermits();
    }

    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
