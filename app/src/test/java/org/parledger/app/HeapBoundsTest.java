package org.parledger.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What anyone may send cannot grow the heap beyond the caches' bounds: documents of up to a megabyte, and variables a
 * document does not declare (GraphQL accepts and ignores them). Both once kept hundreds of megabytes for a few hundred
 * anonymous requests (docs/measurements.md, tenth session).
 */
@LedgerIntegrationTest
class HeapBoundsTest {
    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;

    private double meter(String name, String cache) {
        Gauge gauge = meters.find(name).tag("cache", cache).gauge();
        assertThat(gauge).as(name + " of " + cache).isNotNull();
        return gauge.value();
    }

    @Test
    void documentsFromStrangersKeepNoMoreTextThanTheBound() {
        GraphQlClient stranger = new GraphQlClient(port);
        String padding = "#" + "x".repeat(200_000) + "\n";
        for (int i = 0; i < 24; i++) {
            assertThat(stranger.data("# heap " + i + "\n" + padding + "{ __typename }", Map.of()).at("/__typename").asString())
                    .isEqualTo("Query");
        }
        // 24 documents of 200,000 characters against the default bound of 2 MB: Caffeine evicts on its own thread.
        long bound = DataSize.ofMegabytes(2).toBytes();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(meter("parledger.cache.weight", "graphql.documents")).isPositive().isLessThanOrEqualTo(bound));
    }

    @Test
    void variablesADocumentDoesNotDeclareNeitherGrowNorSplitAKeptAnswer() {
        GraphQlClient stranger = new GraphQlClient(port);
        String ranking = "query($year: Int!) { heapBounds: rankings(year: $year, level: PROVINCE, stage: FINAL) { year } }";
        stranger.data(ranking, Map.of("year", 2029));
        double answers = meter("cache.size", "graphql.answers");
        double weight = meter("parledger.cache.weight", "graphql.answers");
        for (int i = 0; i < 10; i++) {
            assertThat(stranger.data(ranking, Map.of("year", 2029, "junk", i + "x".repeat(300_000))).at("/heapBounds/year").asInt())
                    .isEqualTo(2029);
        }
        // Counted as entries and weight, not as reuses: other tests' events still being projected may renew the answer.
        assertThat(meter("cache.size", "graphql.answers") - answers).as("one answer, whatever else was sent").isLessThanOrEqualTo(0);
        assertThat(meter("parledger.cache.weight", "graphql.answers") - weight).as("no junk kept").isLessThan(10_000);
    }
}
