package org.parledger.app.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How many requests without credentials may be in progress, from the request threads and those kept for sign-in. */
class RequestsInProgressTest {
    @Test
    void requestsWithoutCredentialsHaveTheThreadsLessThoseKept() {
        assertThat(RequestsInProgress.anonymousBound(200, 40)).isEqualTo(160);
        assertThat(RequestsInProgress.anonymousBound(8, 7)).isEqualTo(1);
    }

    @Test
    void keepingNoneBoundsNothing() {
        assertThat(RequestsInProgress.anonymousBound(200, 0)).isZero();
    }

    /** A reserve as large as the pool would refuse every reader and the page: the node does not start. */
    @Test
    void keepingEveryThreadIsRefusedAtStart() {
        assertThatThrownBy(() -> RequestsInProgress.anonymousBound(200, 200)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parledger.http.kept-for-signed-in (200)").hasMessageContaining("server.tomcat.threads.max (200)");
    }

    /**
     * What a filter gives back once the answer is sent waits for the valve where it counts the request (the valve runs it
     * after the answer's last bytes; SlowReadersTest's person is answered again once their connections close), and is
     * done at once where nothing counts it.
     */
    @Test
    void whatIsDoneOnceSentWaitsForTheValveWhereItCounts() {
        AtomicInteger done = new AtomicInteger();
        RequestsInProgress.onceSent(new MockHttpServletRequest(), done::incrementAndGet);
        assertThat(done).hasValue(1);
        MockHttpServletRequest counted = new MockHttpServletRequest();
        List<Runnable> later = new ArrayList<>();
        counted.setAttribute(RequestsInProgress.ONCE_SENT, later);
        RequestsInProgress.onceSent(counted, done::incrementAndGet);
        assertThat(done).hasValue(1);
        later.forEach(Runnable::run);
        assertThat(done).hasValue(2);
    }
}
