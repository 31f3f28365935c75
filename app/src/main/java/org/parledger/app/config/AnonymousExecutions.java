package org.parledger.app.config;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Principal;
import org.parledger.app.security.Credentials;
import org.parledger.app.security.RefusalCounter;
import org.parledger.command.support.LateMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Documents executed at once for requests without credentials: at most parledger.graphql.anonymous-executions (twice the
 * node's processors unless set; 0: no bound), the others waiting their turn, in order, up to
 * parledger.graphql.anonymous-wait (5s), then UNAVAILABLE with retryAfterSeconds (and Retry-After).
 * <p>
 * The threads kept for people signed in (parledger.http.kept-for-signed-in) keep them a thread, not the processors:
 * 450 anonymous connections from three addresses asking for journeys under aliases of their own (so that no kept answer
 * serves them) had some 160 executions running at once, and a signed-in reader's query, 13 ms alone, took up to 2.5 s
 * (docs/measurements.md, thirtieth session). A few executions at a time use the processors as fully, and a signed-in
 * request then shares them with those few. Each execution also holds at most one of the requests' connections at a
 * time, so strangers cannot take them all. After {@link KeptAnswers}: an answer kept for readers is given without
 * executing anything, and without waiting here. Queries sent over a WebSocket connection without credentials in its
 * connection_init take turns too (or that way would go around them), but wait for none: a message is read on a request
 * thread that no bound on requests in progress counts, so waiting there would let idle sockets hold every thread.
 * Subscriptions have limits of their own ({@link SubscriptionLimits}) and hold no turn while they last.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class AnonymousExecutions implements WebGraphQlInterceptor, MeterBinder {
    static final String LIMIT = "anonymous-executions";
    static final int RETRY_AFTER_SECONDS = 1;
    private final Semaphore permits;
    private final int bound;
    private final Duration wait;
    private final LateMeterRegistry meters;

    @Autowired
    AnonymousExecutions(GraphQlProperties limits, ObjectProvider<MeterRegistry> meters) {
        this(limits.anonymousExecutions() == null ? 2 * Runtime.getRuntime().availableProcessors() : limits.anonymousExecutions(),
                limits.anonymousWait(), new LateMeterRegistry(meters));
    }

    AnonymousExecutions(int bound, Duration wait, LateMeterRegistry meters) {
        this.bound = bound;
        // Fair: whoever has waited longest goes next, so that no reader waits out the whole wait while others overtake.
        this.permits = bound > 0 ? new Semaphore(bound, true) : null;
        this.wait = wait;
        this.meters = meters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (permits == null) return;
        Gauge.builder("parledger.graphql.anonymous.waiting", permits, Semaphore::getQueueLength)
                .description("Requests without credentials waiting for their turn to execute (parledger.graphql.anonymous-executions)")
                .register(registry);
        Gauge.builder("parledger.graphql.anonymous.executing", permits, p -> bound - p.availablePermits())
                .description("Requests without credentials executing now").register(registry);
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (permits == null || signedIn(request)
                || request instanceof WebSocketGraphQlRequest && SubscriptionLimits.subscription(request.getDocument(), request.getOperationName())) {
            return chain.next(request);
        }
        Duration waiting = request instanceof WebSocketGraphQlRequest ? Duration.ZERO : wait;
        return Mono.defer(() -> {
            if (!turn(waiting)) {
                RefusalCounter.count(meters.get(), ErrorCode.UNAVAILABLE, LIMIT);
                return Mono.just(refused(request));
            }
            Mono<WebGraphQlResponse> executed;
            try {
                executed = chain.next(request);
            } catch (RuntimeException | Error e) {
                permits.release();
                throw e;
            }
            return executed.doFinally(signal -> permits.release());
        });
    }

    /** Waits for a permit, at most {@code waiting}; false when none came. */
    private boolean turn(Duration waiting) {
        try {
            return permits.tryAcquire(waiting.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Over HTTP, as Spring Security authenticated the request; over WebSocket, as connection_init did (PrincipalInterceptor). */
    private static boolean signedIn(WebGraphQlRequest request) {
        if (request instanceof WebSocketGraphQlRequest socket) {
            return socket.getSessionInfo().getAttributes().get(Principal.REQUEST_KEY) != null;
        }
        return Credentials.signedIn(SecurityContextHolder.getContext().getAuthentication());
    }

    private WebGraphQlResponse refused(WebGraphQlRequest request) {
        ExecutionResult result = ExecutionResult.newExecutionResult().addError(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.BAD_REQUEST)
                .message("the node is answering as many readers without credentials as it may at once; retry after "
                        + RETRY_AFTER_SECONDS + " s (people signed in are answered apart)")
                .extensions(Map.of("code", ErrorCode.UNAVAILABLE.name(), "retryAfterSeconds", RETRY_AFTER_SECONDS))
                .build()).build();
        WebGraphQlResponse response = new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result));
        response.getResponseHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        return response;
    }
}
