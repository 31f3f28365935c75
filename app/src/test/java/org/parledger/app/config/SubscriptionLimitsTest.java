package org.parledger.app.config;

import graphql.ExecutionResult;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounds on open subscriptions (per connection, per client address, per node) hold, and an ended one gives its room back. */
class SubscriptionLimitsTest {
    private final SubscriptionLimits limits = new SubscriptionLimits(new GraphQlProperties(1_048_576, Duration.ofSeconds(30), DataSize.ofMegabytes(64), 15, 20_000,
            Duration.ofSeconds(10), 60, DataSize.ofMegabytes(2), DataSize.ofMegabytes(32), 2, 3, 4, 100, 1000, 2, null, Duration.ofSeconds(5)));
    private final AtomicInteger ids = new AtomicInteger();

    private static WebSocketSessionInfo session(String id) {
        return session(id, null);
    }

    private static WebSocketSessionInfo session(String id, String address) {
        return new WebSocketSessionInfo() {
            public String getId() { return id; }
            public Map<String, Object> getAttributes() { return Map.of(); }
            public URI getUri() { return URI.create("ws://127.0.0.1/graphql-ws"); }
            public HttpHeaders getHeaders() { return new HttpHeaders(); }
            public Mono<Principal> getPrincipal() { return Mono.empty(); }
            public InetSocketAddress getRemoteAddress() { return address == null ? null : new InetSocketAddress(address, 50000); }
        };
    }

    /** Subscribes as the server would; the returned handle cancels it (the client's complete or a closed connection). */
    private Object subscribe(String connection, String document) {
        return subscribe(connection, null, document);
    }

    private Object subscribe(String connection, String address, String document) {
        WebSocketGraphQlRequest request = new WebSocketGraphQlRequest(URI.create("ws://127.0.0.1/graphql-ws"), new HttpHeaders(),
                new LinkedMultiValueMap<>(), null, Map.of(), Map.of("query", document), String.valueOf(ids.incrementAndGet()),
                Locale.ROOT, session(connection, address));
        WebGraphQlResponse response = limits.intercept(request, next -> Mono.just(new WebGraphQlResponse(
                new DefaultExecutionGraphQlResponse(next.toExecutionInput(),
                        ExecutionResult.newExecutionResult().data(Flux.never()).build())))).block();
        if (!response.getErrors().isEmpty()) return response.getErrors().get(0).getExtensions().get("code");
        return Flux.from((org.reactivestreams.Publisher<?>) response.getData()).subscribe();
    }

    @Test
    void theNodesBoundHoldsAcrossConnectionsAndAnEndedSubscriptionMakesRoom() {
        String ranking = "subscription { rankingChanged(year: 2024, level: PROVINCE, stage: FINAL) { year } }";
        Disposable first = (Disposable) subscribe("a", "192.0.2.10", ranking);
        subscribe("a", "192.0.2.10", ranking);
        assertThat(subscribe("a", "192.0.2.10", ranking)).as("a connection's bound").isEqualTo("TOO_MANY_SUBSCRIPTIONS");
        subscribe("b", "192.0.2.11", ranking);
        subscribe("b", "192.0.2.11", ranking);
        assertThat(limits.open()).isEqualTo(4);
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        limits.bindTo(meters);
        assertThat(meters.get("parledger.graphql.subscriptions").gauge().value()).isEqualTo(4);
        assertThat(subscribe("c", "192.0.2.12", ranking)).as("the node's bound").isEqualTo("TOO_MANY_SUBSCRIPTIONS");
        assertThat(limits.open()).isEqualTo(4);
        first.dispose();
        assertThat(limits.open()).isEqualTo(3);
        assertThat(meters.get("parledger.graphql.subscriptions").gauge().value()).isEqualTo(3);
        assertThat(subscribe("c", "192.0.2.12", ranking)).isInstanceOf(Disposable.class);
        assertThat(limits.open()).isEqualTo(4);
    }

    /** Bounds here: 2 per connection, 3 per address, 4 on the node. */
    @Test
    void oneClientAddressCannotTakeTheNodesWholeRoom() {
        String ranking = "subscription { rankingChanged(year: 2024, level: PROVINCE, stage: FINAL) { year } }";
        subscribe("a1", "192.0.2.1", ranking);
        subscribe("a1", "192.0.2.1", ranking);
        Disposable third = (Disposable) subscribe("a2", "192.0.2.1", ranking);
        assertThat(subscribe("a3", "192.0.2.1", ranking)).as("the address's bound, on a new connection")
                .isEqualTo("TOO_MANY_SUBSCRIPTIONS");
        assertThat(subscribe("b1", "192.0.2.2", ranking)).as("another address").isInstanceOf(Disposable.class);
        assertThat(limits.open()).isEqualTo(4);
        third.dispose();
        assertThat(subscribe("a3", "192.0.2.1", ranking)).as("room given back").isInstanceOf(Disposable.class);
    }

    @Test
    void queriesAndMutationsOverAWebSocketAreNotCounted() {
        for (int i = 0; i < 10; i++) subscribe("a", "{ rankings(year: 2024, level: PROVINCE) { year } }");
        assertThat(limits.open()).isZero();
    }
}
