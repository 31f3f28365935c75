package org.parledger.app.operations;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A VirtualMachineError that ends a thread stops the application with 70; anything else is reported as before. */
class FatalErrorsTest {

    @Test
    void aThreadThatDiesOfAVirtualMachineErrorStopsTheApplication() throws Exception {
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        FatalErrors handler = new FatalErrors((thread, error) -> reported.add(error), exited::complete, code -> { });
        Thread projection = new Thread(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, "Coordinator[scores-v1]-0");
        projection.setUncaughtExceptionHandler(handler);
        projection.start();
        projection.join();
        assertThat(exited.get(10, TimeUnit.SECONDS)).isEqualTo(FatalErrors.EXIT_CODE);
        assertThat(reported).isEmpty();
    }

    @Test
    void otherExceptionsGoToTheHandlerThatWasThere() throws Exception {
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        FatalErrors handler = new FatalErrors((thread, error) -> reported.add(error), exited::complete, code -> { });
        IllegalStateException failure = new IllegalStateException("a projection's own failure");
        Thread worker = new Thread(() -> {
            throw failure;
        });
        worker.setUncaughtExceptionHandler(handler);
        worker.start();
        worker.join();
        assertThat(reported).containsExactly(failure);
        assertThat(exited).isNotDone();
    }

    /**
     * Installed where no default handler was set (as in the application), another failure is logged with its stack;
     * it used to go to the thread group, which hands it to the default handler, this one, until the stack overflowed.
     */
    @Test
    void installedFirstItLogsOtherExceptionsInsteadOfHandingThemInACircle() throws Exception {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(FatalErrors.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged = new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            Thread.setDefaultUncaughtExceptionHandler(null);
            FatalErrors.install();
            IllegalStateException failure = new IllegalStateException("a request thread's own failure");
            Thread worker = new Thread(() -> {
                throw failure;
            }, "http-nio-8080-exec-1");
            worker.start();
            worker.join();
            assertThat(logged.list).hasSize(1);
            assertThat(logged.list.get(0).getFormattedMessage()).isEqualTo("Thread http-nio-8080-exec-1 died of an uncaught exception");
            assertThat(logged.list.get(0).getThrowableProxy().getMessage()).isEqualTo("a request thread's own failure");
        } finally {
            logger.detachAppender(logged);
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    @Test
    void installingTwiceKeepsOneHandler() {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        try {
            FatalErrors.install();
            Thread.UncaughtExceptionHandler installed = Thread.getDefaultUncaughtExceptionHandler();
            FatalErrors.install();
            assertThat(installed).isInstanceOf(FatalErrors.class);
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(installed);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }
}
