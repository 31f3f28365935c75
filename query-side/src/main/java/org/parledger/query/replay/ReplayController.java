package org.parledger.query.replay;

import graphql.GraphQLContext;
import org.parledger.api.common.Role;
import org.parledger.query.support.ReadAccess;
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
        ReadAccess.requireRole(context, "a replay's progress", Role.ADMIN, Role.INSPECTOR);
        return replays.progress();
    }

    /** The progress every second until the replay ends (the last element is its end). */
    @SubscriptionMapping("replayProgress")
    Flux<ReplayProgress> replayProgressChanged(GraphQLContext context) {
        ReadAccess.requireRole(context, "a replay's progress", Role.ADMIN, Role.INSPECTOR);
        return Flux.interval(Duration.ZERO, Duration.ofSeconds(1)).map(i -> replays.progress())
                .takeUntil(ReplayProgress::finished);
    }

    @QueryMapping
    ReadModelComparison compareReadModel(@Argument List<String> projections, GraphQLContext context) {
        ReadAccess.requireRole(context, "comparing the read model with the ledger", Role.ADMIN, Role.INSPECTOR);
        return replays.compare(projections == null ? null : projections.stream().map(ReplayController::name).toList(),
                Duration.ofMinutes(30));
    }

    /** SCORES, UNITS, AUDIT_TRAIL as named in the schema; scores, units, audit-trail inside. */
    private static String name(String value) {
        return value.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void requireAdmin(GraphQLContext context) {
        ReadAccess.requireRole(context, "replays", Role.ADMIN);
    }
}
