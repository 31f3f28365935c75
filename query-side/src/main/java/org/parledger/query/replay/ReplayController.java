package org.parledger.query.replay;

import graphql.GraphQLContext;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Role;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Replays over GraphQL: admins only. */
@Controller
class ReplayController {
    private final Replays replays;

    ReplayController(Replays replays) {
        this.replays = replays;
    }

    @MutationMapping
    ReplayProgress startReplay(@Argument List<String> projections, GraphQLContext context) {
        requireAdmin(context);
        return replays.start(projections == null ? null : projections.stream().map(ReplayController::name).toList());
    }

    @MutationMapping
    ReplayProgress cancelReplay(GraphQLContext context) {
        requireAdmin(context);
        return replays.cancel();
    }

    @QueryMapping
    ReplayProgress replayProgress(GraphQLContext context) {
        requireAdmin(context);
        return replays.progress();
    }

    /** The progress every second until the replay ends (the last element is its end). */
    @SubscriptionMapping("replayProgress")
    Flux<ReplayProgress> replayProgressChanged(GraphQLContext context) {
        requireAdmin(context);
        return Flux.interval(Duration.ZERO, Duration.ofSeconds(1)).map(i -> replays.progress())
                .takeUntil(ReplayProgress::finished);
    }

    /** SCORES, UNITS, AUDIT_TRAIL as named in the schema; scores, units, audit-trail inside. */
    private static String name(String value) {
        return value.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void requireAdmin(GraphQLContext context) {
        Actor actor = context.get(Actor.REQUEST_KEY);
        if (actor == null || !Role.ADMIN.name().equals(actor.role())) {
            throw new LedgerException(ErrorCode.WRONG_ROLE, null, "replays are for admins");
        }
    }
}
