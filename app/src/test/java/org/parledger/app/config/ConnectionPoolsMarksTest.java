package org.parledger.app.config;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The marks that send a thread's connections to the pool of the node's own work ({@link ConnectionPools}). */
class ConnectionPoolsMarksTest {

    @Test
    void marksNestAndAMarkClosedTwiceCountsOnce() {
        assertThat(ConnectionPools.isBackground()).isFalse();
        ConnectionPools.Mark outer = ConnectionPools.background();
        ConnectionPools.Mark inner = ConnectionPools.background();
        inner.close();
        inner.close();
        assertThat(ConnectionPools.isBackground()).as("the outer mark still holds").isTrue();
        outer.close();
        assertThat(ConnectionPools.isBackground()).isFalse();
        assertThat(ConnectionPools.background(ConnectionPools::isBackground)).isTrue();
        assertThat(ConnectionPools.isBackground()).as("cleared after the work, as after a failure").isFalse();
    }

    @Test
    void aThreadMadeForTheNodesOwnWorkStaysMarkedAndMarksNoOther() throws Exception {
        AtomicBoolean afterAMarkClosed = new AtomicBoolean();
        Thread own = new Thread(() -> {
            ConnectionPools.backgroundThread();
            ConnectionPools.background().close();
            afterAMarkClosed.set(ConnectionPools.isBackground());
        });
        own.start();
        own.join();
        assertThat(afterAMarkClosed).isTrue();
        assertThat(CompletableFuture.supplyAsync(ConnectionPools::isBackground).get()).isFalse();
        assertThat(ConnectionPools.isBackground()).isFalse();
    }
}
