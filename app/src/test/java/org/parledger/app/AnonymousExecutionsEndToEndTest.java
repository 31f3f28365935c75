package org.parledger.app;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.parledger.query.unit.UnitsProjection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Requests without credentials take turns to execute (AnonymousExecutions, twice the processors at once): here every
 * turn is held by readers waiting for a position the read model has not reached (the units projection stopped behind a
 * registration), and someone signed in is answered meanwhile while one more reader waits for a turn.
 */
@LedgerIntegrationTest
class AnonymousExecutionsEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String WAITING = "query($c: Float) { units(level: PROVINCE, consistentWith: $c) { code } }";
    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    MeterRegistry meters;
    /** In the order Spring for GraphQL chains them. */
    @Autowired
    List<WebGraphQlInterceptor> interceptors;

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void readersWithoutCredentialsTakeTurnsWhileSomeoneSignedInGoesAhead() throws Exception {
        int turns = 2 * Runtime.getRuntime().availableProcessors();
        // One address has at most 64 requests in progress (parledger.http.requests-per-address).
        assumeTrue(turns < 60, "a machine of fewer than 30 processors");
        GraphQlClient admin = GraphQlClient.admin(port);
        StreamingEventProcessor units = processing.eventProcessor(UnitsProjection.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
        List<CompletableFuture<HttpResponse<String>>> readers = new ArrayList<>();
        // A thread per reader: each blocks until answered (the common pool has fewer threads than turns on most machines).
        ExecutorService clients = Executors.newCachedThreadPool();
        units.shutDown();
        try {
            long registered = admin.data("mutation { registerUnit(input: {code: \"AE-A\", name: \"Tỉnh Lượt\", level: PROVINCE}) { position } }",
                    Map.of()).at("/registerUnit/position").asLong();
            for (int i = 0; i < turns; i++) {
                readers.add(CompletableFuture.supplyAsync(() -> new GraphQlClient(port).send(WAITING, Map.of("c", registered)), clients));
            }
            await().atMost(Duration.ofSeconds(4)).until(() -> gauge("parledger.graphql.anonymous.executing") == turns);
            CompletableFuture<HttpResponse<String>> oneMore = CompletableFuture.supplyAsync(() -> new GraphQlClient(port)
                    .send("{ units(level: PROVINCE) { code } }", Map.of()), clients);
            await().atMost(Duration.ofSeconds(4)).until(() -> gauge("parledger.graphql.anonymous.waiting") == 1);

            // Every turn is taken and a reader waits for one; someone signed in is answered all the same.
            JsonNode signedIn = admin.data("{ units(level: PROVINCE) { code } }", Map.of()).at("/units");
            assertThat(signedIn.isArray()).as("%s", signedIn).isTrue();
            assertThat(signedIn.findValuesAsString("code")).as("answered with the projection stopped").doesNotContain("AE-A");
            assertThat(gauge("parledger.graphql.anonymous.executing")).as("still every turn taken").isEqualTo(turns);
            assertThat(oneMore).isNotDone();

            units.start();
            JsonNode waited = JSON.readTree(oneMore.get(30, TimeUnit.SECONDS).body());
            assertThat(waited.path("errors").isMissingNode()).as("%s", waited).isTrue();
            assertThat(waited.at("/data/units").findValuesAsString("code")).contains("AE-A");
            for (CompletableFuture<HttpResponse<String>> reader : readers) {
                JsonNode answer = JSON.readTree(reader.get(30, TimeUnit.SECONDS).body());
                // Each was answered once the projection passed the position, or NOT_CAUGHT_UP if its wait ran out first.
                assertThat(answer.at("/errors/0/extensions/code").asString("none")).as("%s", answer).isIn("none", "NOT_CAUGHT_UP");
            }
        } finally {
            if (!units.isRunning()) units.start();
            clients.shutdown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("parledger.graphql.anonymous.executing") == 0);
    }

    /** A kept answer is given before a turn is asked for: the answers kept for readers come first in the chain. */
    @Test
    void keptAnswersAreGivenBeforeATurnIsTaken() {
        List<String> names = interceptors.stream().map(interceptor -> interceptor.getClass().getSimpleName()).toList();
        assertThat(names).contains("KeptAnswers", "AnonymousExecutions");
        assertThat(names.indexOf("KeptAnswers")).as("%s", names).isLessThan(names.indexOf("AnonymousExecutions"));
    }
}
