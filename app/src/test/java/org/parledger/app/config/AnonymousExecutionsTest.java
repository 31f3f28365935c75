package org.parledger.app.config;

import graphql.ExecutionResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.parledger.api.common.Principal;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.LinkedMultiValueMap;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Requests without credentials take turns to execute; people signed in do not wait for them. */
class AnonymousExecutionsTest {
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger ids = new AtomicInteger();
    /** Executions under way in the stand-in for GraphQL, each ended by completing its sink. */
    private final List<Sinks.One<WebGraphQlResponse>> running = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        threads.shutdownNow();
        SecurityContextHolder.clearContext();
    }

    private AnonymousExecutions executions(int bound, Duration wait) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("meters", meters);
        AnonymousExecutions executions = new AnonymousExecutions(bound, wait, new LateMeterRegistry(beans.getBeanProvider(MeterRegistry.class)));
        executions.bindTo(meters);
        return executions;
    }

    private WebGraphQlRequest request() {
        return new WebGraphQlRequest(URI.create("http://127.0.0.1/graphql"), new HttpHeaders(), new LinkedMultiValueMap<>(), null,
                Map.of(), Map.of("query", "{ __typename }"), String.valueOf(ids.incrementAndGet()), Locale.ROOT);
    }

    /** Sends a request on a thread of its own (as Tomcat would), signed in or not; its execution runs until ended. */
    private Future<WebGraphQlResponse> send(AnonymousExecutions executions, boolean signedIn) {
        return threads.submit(() -> {
            if (signedIn) {
                SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("demo-council", null,
                        AuthorityUtils.createAuthorityList("ROLE_COUNCIL")));
            }
            try {
                return executions.intercept(request(), next -> {
                    Sinks.One<WebGraphQlResponse> end = Sinks.one();
                    running.add(end);
                    return end.asMono();
                }).block(Duration.ofSeconds(30));
            } finally {
                SecurityContextHolder.clearContext();
            }
        });
    }

    private WebGraphQlResponse answered(WebGraphQlRequest request) {
        return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(),
                ExecutionResult.newExecutionResult().data(Map.of("__typename", "Query")).build()));
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void beyondTheBoundAReaderWaitsForATurnWhileSomeoneSignedInGoesAhead() throws Exception {
        AnonymousExecutions executions = executions(2, Duration.ofSeconds(30));
        Future<WebGraphQlResponse> first = send(executions, false);
        Future<WebGraphQlResponse> second = send(executions, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.size() == 2);
        Future<WebGraphQlResponse> third = send(executions, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("parledger.graphql.anonymous.waiting") == 1);
        assertThat(gauge("parledger.graphql.anonymous.executing")).isEqualTo(2);

        // Someone signed in executes at once, beside the two.
        Future<WebGraphQlResponse> council = send(executions, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.size() == 3);
        running.get(2).tryEmitValue(answered(request()));
        assertThat(council.get(10, TimeUnit.SECONDS).getErrors()).isEmpty();
        assertThat(third.isDone()).isFalse();
        assertThat(running).hasSize(3);

        // One reader's execution ends (failing: its turn is given back all the same); the waiting one executes. Which of
        // the first two readers began first is the threads' affair: one of them fails, the other is answered.
        running.get(0).tryEmitError(new IllegalStateException("the execution failed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> running.size() == 4);
        assertThat(gauge("parledger.graphql.anonymous.waiting")).isZero();
        running.get(1).tryEmitValue(answered(request()));
        running.get(3).tryEmitValue(answered(request()));
        assertThat(third.get(10, TimeUnit.SECONDS).getErrors()).isEmpty();
        int failed = 0;
        for (Future<WebGraphQlResponse> reader : List.of(first, second)) {
            try {
                assertThat(reader.get(10, TimeUnit.SECONDS).getErrors()).isEmpty();
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e).hasRootCauseMessage("the execution failed");
                failed++;
            }
        }
        assertThat(failed).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("parledger.graphql.anonymous.executing") == 0);
    }

    @Test
    void aReaderWhoseTurnDoesNotComeIsToldToRetryAndNothingRuns() throws Exception {
        AnonymousExecutions executions = executions(1, Duration.ofMillis(200));
        Future<WebGraphQlResponse> holder = send(executions, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.size() == 1);

        WebGraphQlResponse refused = send(executions, false).get(10, TimeUnit.SECONDS);
        assertThat(running).as("nothing was executed for it").hasSize(1);
        assertThat(refused.getErrors()).singleElement().satisfies(error -> {
            assertThat(error.getExtensions()).containsEntry("code", "UNAVAILABLE").containsEntry("retryAfterSeconds", 1);
            assertThat(error.getMessage()).contains("retry after 1 s");
        });
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(meters.get("parledger.refusals").tag("code", "UNAVAILABLE").tag("limit", "anonymous-executions").counter().count())
                .isEqualTo(1);

        running.get(0).tryEmitValue(answered(request()));
        assertThat(holder.get(10, TimeUnit.SECONDS).getErrors()).isEmpty();
        // The turn was given back: the next reader executes.
        Future<WebGraphQlResponse> next = send(executions, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.size() == 2);
        running.get(1).tryEmitValue(answered(request()));
        assertThat(next.get(10, TimeUnit.SECONDS).getErrors()).isEmpty();
    }

    /** A reader who goes away while executing (the request is cancelled) gives its turn back. */
    @Test
    void aCancelledExecutionGivesItsTurnBack() {
        AnonymousExecutions executions = executions(1, Duration.ofMillis(200));
        CompletableFuture<WebGraphQlResponse> cancelled = executions.intercept(request(), next -> Mono.never()).toFuture();
        assertThat(gauge("parledger.graphql.anonymous.executing")).isEqualTo(1);
        cancelled.cancel(true);
        assertThat(gauge("parledger.graphql.anonymous.executing")).isZero();
        WebGraphQlResponse after = executions.intercept(request(), next -> Mono.just(answered(next))).block(Duration.ofSeconds(10));
        assertThat(after.getErrors()).isEmpty();
    }

    private static WebSocketGraphQlRequest overWebSocket(String document, Map<String, Object> sessionAttributes) {
        WebSocketSessionInfo session = new WebSocketSessionInfo() {
            public String getId() { return "s"; }
            public Map<String, Object> getAttributes() { return sessionAttributes; }
            public URI getUri() { return URI.create("ws://127.0.0.1/graphql-ws"); }
            public HttpHeaders getHeaders() { return new HttpHeaders(); }
            public Mono<java.security.Principal> getPrincipal() { return Mono.empty(); }
            public InetSocketAddress getRemoteAddress() { return null; }
        };
        return new WebSocketGraphQlRequest(URI.create("ws://127.0.0.1/graphql-ws"), new HttpHeaders(), new LinkedMultiValueMap<>(),
                null, Map.of(), Map.of("query", document), "1", Locale.ROOT, session);
    }

    /**
     * A query over a WebSocket connection without credentials takes a turn like one over HTTP (that way would otherwise go
     * around them), refused at once when none is free rather than holding its thread (here the wait over HTTP is a minute,
     * and the refusal comes within the ten seconds given); a subscription takes none, nor does a connection signed in at
     * its connection_init.
     */
    @Test
    void overWebSocketQueriesWithoutCredentialsTakeTurnsAndSubscriptionsDoNot() {
        AnonymousExecutions executions = executions(1, Duration.ofMinutes(1));
        executions.intercept(request(), next -> Mono.never()).subscribe();
        assertThat(gauge("parledger.graphql.anonymous.executing")).isEqualTo(1);

        WebGraphQlResponse query = executions.intercept(overWebSocket("{ a1: journey(unit: \"22\", year: 2024) { year } }", Map.of()),
                next -> Mono.just(answered(next))).block(Duration.ofSeconds(10));
        assertThat(query.getErrors()).singleElement().satisfies(error ->
                assertThat(error.getExtensions()).containsEntry("code", "UNAVAILABLE"));

        WebGraphQlResponse subscription = executions.intercept(overWebSocket(
                "subscription { rankingChanged(year: 2024, level: PROVINCE, stage: FINAL) { year } }", Map.of()),
                next -> Mono.just(answered(next))).block(Duration.ofSeconds(10));
        assertThat(subscription.getErrors()).isEmpty();
        WebGraphQlResponse signedIn = executions.intercept(overWebSocket("{ a2: journey(unit: \"22\", year: 2024) { year } }",
                        Map.of(Principal.REQUEST_KEY, "demo-council")), next -> Mono.just(answered(next))).block(Duration.ofSeconds(10));
        assertThat(signedIn.getErrors()).isEmpty();
    }

    @Test
    void withNoBoundNobodyWaits() throws Exception {
        AnonymousExecutions executions = executions(0, Duration.ofMillis(1));
        List<Future<WebGraphQlResponse>> readers = new ArrayList<>();
        for (int i = 0; i < 8; i++) readers.add(send(executions, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> running.size() == 8);
        for (Sinks.One<WebGraphQlResponse> end : running) end.tryEmitValue(answered(request()));
        for (Future<WebGraphQlResponse> reader : readers) assertThat(reader.get(10, TimeUnit.SECONDS).getErrors()).isEmpty();
        assertThat(meters.find("parledger.graphql.anonymous.waiting").gauge()).isNull();
    }
}
