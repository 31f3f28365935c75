package org.parledger.app.config;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Axon's messages are named by MessageIdentifiers: random UUIDs, distinct across threads. */
class MessageIdentifiersTest {

    @Test
    void axonFindsItThroughTheServiceLoader() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(MessageIdentifiers.class);
        String identifier = IdentifierFactory.getInstance().generateIdentifier();
        assertThat(UUID.fromString(identifier).toString()).isEqualTo(identifier);
    }

    @Test
    void identifiersAreRandomUuidsDistinctAcrossThreads() throws Exception {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 25_000; i++) {
                        UUID next = MessageIdentifiers.next();
                        assertThat(next.version()).isEqualTo(4);
                        assertThat(next.variant()).isEqualTo(2);
                        seen.add(next);
                    }
                }));
            }
            for (Future<?> done : work) done.get();
        } finally {
            threads.shutdownNow();
        }
        assertThat(seen).hasSize(8 * 25_000);
    }
}
