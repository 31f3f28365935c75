package org.parledger.app.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * A thread that dies of a {@link VirtualMachineError} (out of memory, a stack overflow, an internal error) stops the
 * application with {@link #EXIT_CODE}, for its supervisor to start it again. Without this, such an error ended only the
 * thread it struck: when a 512 MB heap ran out, the projections' coordinator threads died, every later change was
 * acknowledged and never projected, and health still answered UP (docs/measurements.md, tenth session). A JVM after
 * such an error is in no state to be trusted with a ledger; a fresh one resumes every projection where it stood.
 * <p>
 * The stop is graceful where it can be (System.exit runs the shutdown hooks: in-flight commands, the embedded
 * database), and forced after {@link #GRACE} if that itself hangs.
 */
public final class FatalErrors implements Thread.UncaughtExceptionHandler {
    /** EX_SOFTWARE: an internal error; a supervisor starts the application again. */
    public static final int EXIT_CODE = 70;
    static final Duration GRACE = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(FatalErrors.class);

    private final Thread.UncaughtExceptionHandler previous;
    private final IntConsumer exit;
    private final IntConsumer halt;

    FatalErrors(Thread.UncaughtExceptionHandler previous, IntConsumer exit, IntConsumer halt) {
        this.previous = java.util.Objects.requireNonNull(previous);
        this.exit = exit;
        this.halt = halt;
    }

    /** Installs the handler for every thread that has none of its own (called first thing in main). */
    public static void install() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        if (previous instanceof FatalErrors) return;
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrors(previous == null ? FatalErrors::report : previous, System::exit,
                code -> Runtime.getRuntime().halt(code)));
    }

    /**
     * What the JVM does for a thread that dies when no handler is set, in the application's log. Not the thread group's
     * handler: it hands the error to the default handler, this one, which handed it back until the stack overflowed (a
     * request thread's failure was lost that way, the thread died of a StackOverflowError and its client waited).
     */
    static void report(Thread thread, Throwable error) {
        log.error("Thread {} died of an uncaught exception", thread.getName(), error);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (!(error instanceof VirtualMachineError)) {
            previous.uncaughtException(thread, error);
            return;
        }
        try {
            log.error("Thread {} died of {}; the application stops with exit code {} for its supervisor to start it again",
                    thread.getName(), error, EXIT_CODE);
        } catch (Throwable ignored) {
            // Logging may itself fail without memory; stopping matters more.
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            halt.accept(EXIT_CODE);
        }, "fatal-error-halt");
        watchdog.setDaemon(true);
        watchdog.start();
        // Not on this thread: System.exit waits for the shutdown hooks, which may wait for this very thread.
        Thread stop = new Thread(() -> exit.accept(EXIT_CODE), "fatal-error-exit");
        stop.setDaemon(false);
        stop.start();
    }
}
