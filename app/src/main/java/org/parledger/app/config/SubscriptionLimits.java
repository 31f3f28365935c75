package org.parledger.app.config;

import graphql.ExecutionResult;
import graphql.GraphqlErrorBuilder;
import graphql.language.OperationDefinition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.parledger.api.common.ErrorCode;
import org.reactivestreams.Publisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.execution.ErrorType;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Subscriptions a node keeps open at once, bounded per WebSocket connection, per client address and in all
 * (parledger.graphql.*): each one holds a subscription to its ranking's changes and about 10 KB. Unbounded, one anonymous
 * client opening 20 connections of 2,000 subscriptions each made a 512 MB heap hold 419 MB (docs/measurements.md, tenth
 * session); with the node's bound alone, one client could take all of its room and leave every other reader refused. A
 * subscription beyond any bound is answered TOO_MANY_SUBSCRIPTIONS before it runs; its room is given back when it ends,
 * however it ends.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SubscriptionLimits implements WebGraphQlInterceptor, MeterBinder {
    private final CountsPerKey byConnection;
    private final CountsPerKey byAddress;
    private final int inAll;
    private final AtomicInteger open = new AtomicInteger();

    SubscriptionLimits(GraphQlProperties limits) {
        this.byConnection = new CountsPerKey(limits.subscriptionsPerConnection());
        this.byAddress = new CountsPerKey(limits.subscriptionsPerAddress());
        this.inAll = limits.subscriptions();
    }

    /** Subscriptions open on this node just now. */
    int open() {
        return open.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("parledger.graphql.subscriptions", open, AtomicInteger::get)
                .description("GraphQL subscriptions open on this node").register(registry);
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!(request instanceof WebSocketGraphQlRequest socket) || !subscription(request.getDocument(), request.getOperationName())) {
            return chain.next(request);
        }
        String connection = socket.getSessionInfo().getId();
        String address = CountsPerKey.address(socket.getSessionInfo().getRemoteAddress());
        if (!byConnection.take(connection)) {
            return refused(request, "a connection keeps at most " + byConnection.bound() + " subscriptions open at once");
        }
        if (!byAddress.take(address)) {
            byConnection.give(connection);
            return refused(request, "one client address keeps at most " + byAddress.bound() + " subscriptions open at once on this node");
        }
        if (open.incrementAndGet() > inAll) {
            open.decrementAndGet();
            byConnection.give(connection);
            byAddress.give(address);
            return refused(request, "this node keeps at most " + inAll + " subscriptions open at once; try again later or on another node");
        }
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                open.decrementAndGet();
                byConnection.give(connection);
                byAddress.give(address);
            }
        };
        return chain.next(request)
                .map(response -> response.getData() instanceof Publisher<?> results
                        ? response.transform(builder -> builder.data(Flux.from(results).doFinally(signal -> end.run())))
                        : endedWith(response, end))
                .doOnError(error -> end.run())
                .doOnCancel(end);
    }

    private static WebGraphQlResponse endedWith(WebGraphQlResponse response, Runnable end) {
        end.run();
        return response;
    }

    private static Mono<WebGraphQlResponse> refused(WebGraphQlRequest request, String message) {
        ExecutionResult result = ExecutionResult.newExecutionResult().addError(GraphqlErrorBuilder.newError()
                .errorType(ErrorType.BAD_REQUEST).message(message)
                .extensions(Map.of("code", ErrorCode.TOO_MANY_SUBSCRIPTIONS.name())).build()).build();
        return Mono.just(new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(), result)));
    }

    /** Whether the operation the request runs is a subscription (a document that does not parse is not counted). */
    static boolean subscription(String text, String operationName) {
        if (text == null || !text.contains("subscription")) return false;
        return GraphQlOperations.certain(text, operationName)
                .filter(operation -> operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION).isPresent();
    }
}
