package org.parledger.command.support;

import graphql.GraphQLContext;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one place where the acting person of a request is decided. Commands take their actor from here,
 * never from a mutation argument. Until authentication arrives it reads the X-Actor, X-Actor-Role and
 * X-Actor-Scope headers and falls back to a configured default user; with no default user configured, a
 * request without headers is anonymous: it reads published figures only and sends no command.
 * Authentication will replace only this class.
 */
@Component
public class CurrentActor implements WebGraphQlInterceptor {
    private final Actor defaultActor;

    public CurrentActor(@Value("${parledger.actor.default-user:local-admin}") String defaultUser,
                        @Value("${parledger.actor.default-role:ADMIN}") String defaultRole) {
        this.defaultActor = defaultUser == null || defaultUser.isBlank() ? null : new Actor(defaultUser, defaultRole);
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        String user = request.getHeaders().getFirst("X-Actor");
        String role = request.getHeaders().getFirst("X-Actor-Role");
        String scope = request.getHeaders().getFirst("X-Actor-Scope");
        Actor actor = user == null || user.isBlank() ? defaultActor
                : new Actor(user.strip(), role == null || role.isBlank() ? "NONE" : role.strip(),
                scope == null ? null : scope.strip());
        if (actor != null) {
            request.configureExecutionInput((input, builder) ->
                    builder.graphQLContext(context -> context.put(Actor.REQUEST_KEY, actor)).build());
        }
        return chain.next(request);
    }

    /** The request's actor; an anonymous request sends no command. */
    public Actor of(GraphQLContext context) {
        Actor actor = context.get(Actor.REQUEST_KEY);
        if (actor == null) {
            throw new LedgerException(ErrorCode.WRONG_ROLE, null, "an anonymous request sends no command; sign in");
        }
        return actor;
    }
}
