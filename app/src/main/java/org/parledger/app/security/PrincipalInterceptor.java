package org.parledger.app.security;

import org.parledger.api.common.Principal;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Puts the authenticated principal of each GraphQL request into its context, where {@code CurrentActor} (commands)
 * and {@code ReadAccess} (queries) find it. Over HTTP the principal is what the security filters authenticated;
 * over WebSocket it is authenticated from connection_init's {@code Authorization} (a bearer token or Basic
 * credentials): wrong credentials close the connection, none leave it anonymous.
 */
@Component
class PrincipalInterceptor implements WebSocketGraphQlInterceptor {
    private static final String SESSION_PRINCIPAL = Principal.REQUEST_KEY;
    /** The request's address, for limits on anonymous readers (see QueryBudget). */
    static final String CLIENT_ADDRESS = "org.parledger.clientAddress";
    private final Credentials credentials;

    PrincipalInterceptor(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        Principal principal = request instanceof WebSocketGraphQlRequest socket
                ? (Principal) socket.getSessionInfo().getAttributes().get(SESSION_PRINCIPAL)
                : credentials.principal(SecurityContextHolder.getContext().getAuthentication(), request.getRemoteAddress());
        String address = request.getRemoteAddress() == null ? null : request.getRemoteAddress().getHostString();
        request.configureExecutionInput((input, builder) -> builder.graphQLContext(context -> {
            if (principal != null) context.put(Principal.REQUEST_KEY, principal);
            if (address != null) context.put(CLIENT_ADDRESS, address);
        }).build());
        return chain.next(request).doOnNext(PrincipalInterceptor::retryAfter);
    }

    /** A refusal for the change limit also says when to retry the way HTTP does, for clients that read headers. */
    private static void retryAfter(WebGraphQlResponse response) {
        response.getErrors().stream()
                .map(error -> error.getExtensions().get("retryAfterSeconds"))
                .filter(java.util.Objects::nonNull).findFirst()
                .ifPresent(seconds -> response.getResponseHeaders().set("Retry-After", seconds.toString()));
    }

    @Override
    public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo session, Map<String, Object> payload) {
        Object authorization = payload == null ? null : payload.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Authorization")).map(Map.Entry::getValue).findFirst().orElse(null);
        if (authorization == null) return Mono.just(Map.of());
        try {
            Principal principal = credentials.authenticate(authorization.toString(), session.getRemoteAddress());
            session.getAttributes().put(SESSION_PRINCIPAL, principal);
            return Mono.just(Map.of());
        } catch (AuthenticationException e) {
            return Mono.error(e);
        }
    }
}
