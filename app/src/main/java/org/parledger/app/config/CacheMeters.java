package org.parledger.app.config;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/** Micrometer's Caffeine meters, and what a cache bounded by weight holds, which they do not show. */
final class CacheMeters {
    private CacheMeters() {
    }

    static void bind(MeterRegistry registry, Cache<?, ?> cache, String name) {
        CaffeineCacheMetrics.monitor(registry, cache, name);
        cache.policy().eviction().ifPresent(bounded -> Gauge.builder("parledger.cache.weight", cache,
                        c -> c.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L))
                .description("what a cache bounded by weight holds: characters of document text, bytes of kept answers")
                .tag("cache", name).register(registry));
    }
}
