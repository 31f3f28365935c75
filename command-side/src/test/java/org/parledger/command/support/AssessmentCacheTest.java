package org.parledger.command.support;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loaded-assessments cache holds no more than its configured size, and a size or idle time that makes no sense is refused. */
class AssessmentCacheTest {

    @Test
    void holdsNoMoreThanItsSize() {
        try (javax.cache.Cache<Object, Object> store = new CommandSideConfiguration()
                .assessmentStore(new AssessmentCacheProperties(10, Duration.ofMinutes(30)))) {
            for (int i = 0; i < 1_000; i++) {
                store.put("assessment:P-" + i + ":2024", new Object());
            }
            // Caffeine evicts in its maintenance, which may run after the puts: run it now.
            store.unwrap(com.github.benmanes.caffeine.cache.Cache.class).cleanUp();
            assertThat(StreamSupport.stream(store.spliterator(), false).count()).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void refusesANegativeSizeOrNoIdleTime() {
        assertThatThrownBy(() -> new AssessmentCacheProperties(-1, Duration.ofMinutes(30)))
                .hasMessageContaining("assessment-cache.size");
        assertThatThrownBy(() -> new AssessmentCacheProperties(10, Duration.ZERO))
                .hasMessageContaining("assessment-cache.expire-after-access");
        assertThatThrownBy(() -> new AssessmentCacheProperties(10, Duration.ofSeconds(-5)))
                .hasMessageContaining("assessment-cache.expire-after-access");
    }
}
