package org.parledger.app.config;

import org.junit.jupiter.api.Test;

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
}
