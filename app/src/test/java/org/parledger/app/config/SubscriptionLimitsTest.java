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

/** The node's bound on open subscriptions holds across connections, and an ended subscription gives its room back. */
class SubscriptionLimitsTest {
    private final SubscriptionLimits limits = new SubscriptionLimits(new GraphQlProperties(1_048_576, 15, 20_000,
            Duration.ofSeconds(10), 60, DataSize.ofMegabytes(2), DataSize.ofMegabytes(32), 2, 3));
    private final AtomicInteger ids = new AtomicInteger();

    private static WebSocketSessionInfo session(String id) {
        return new WebSocketSessionInfo() {
            public String getId() { return id; }
            public Map<String, Object> getAttributes() { return Map.of(); }
            public URI getUri() { return URI.create("ws://127.0.0.1/graphql-ws"); }
            public HttpHeaders getHeaders() { return new HttpHeaders(); }
            public Mono<Principal> getPrincipal() { return Mono.empty(); }
            public InetSocketAddress getRemoteAddress() { return null; }
        };
    }

    /** Subscribes as the server would; the returned handle cancels it (the client's complete or a closed connection). */
    private Object subscribe(String connection, String document) {
        WebSocketGraphQlRequest request = new WebSocketGraphQlRequest(URI.create("ws://127.0.0.1/graphql-ws"), new HttpHeaders(),
                new LinkedMultiValueMap<>(), null, Map.of(), Map.of("query", document), String.valueOf(ids.incrementAndGet()),
                Locale.ROOT, session(connection));
        WebGraphQlResponse response = limits.intercept(request, next -> Mono.just(new WebGraphQlResponse(
                new DefaultExecutionGraphQlResponse(next.toExecutionInput(),
                        ExecutionResult.newExecutionResult().data(Flux.never()).build())))).block();
        if (!response.getErrors().isEmpty()) return response.getErrors().get(0).getExtensions().get("code");
        return Flux.from((org.reactivestreams.Publisher<?>) response.getData()).subscribe();
    }

    @Test
    void theNodesBoundHoldsAcrossConnectionsAndAnEndedSubscriptionMakesRoom() {
        String ranking = "subscription { rankingChanged(year: 2024, level: PROVINCE, stage: FINAL) { year } }";
        Disposable first = (Disposable) subscribe("a", ranking);
        subscribe("a", ranking);
        assertThat(subscribe("a", ranking)).as("a connection's bound").isEqualTo("TOO_MANY_SUBSCRIPTIONS");
        subscribe("b", ranking);
        assertThat(limits.open()).isEqualTo(3);
        assertThat(subscribe("b", ranking)).as("the node's bound").isEqualTo("TOO_MANY_SUBSCRIPTIONS");
        assertThat(limits.open()).isEqualTo(3);
        first.dispose();
        assertThat(limits.open()).isEqualTo(2);
        assertThat(subscribe("b", ranking)).isInstanceOf(Disposable.class);
        assertThat(limits.open()).isEqualTo(3);
    }

    @Test
    void queriesAndMutationsOverAWebSocketAreNotCounted() {
        for (int i = 0; i < 10; i++) subscribe("a", "{ rankings(year: 2024, level: PROVINCE) { year } }");
        assertThat(limits.open()).isZero();
    }
}
