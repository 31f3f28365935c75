package org.parledger.query.ranking;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Inputs;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Level;
import org.parledger.api.ranking.AssessmentSummary;
import org.parledger.api.ranking.FindAssessment;
import org.parledger.api.ranking.FieldStanding;
import org.parledger.api.ranking.FindJourney;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.Journey;
import org.parledger.api.ranking.FindPublishedRounds;
import org.parledger.api.ranking.PublishedRound;
import org.parledger.api.ranking.PublishedRounds;
import org.parledger.query.support.PageInfo;
import org.parledger.query.support.ReadAccess;
import org.parledger.query.support.Rounds;
import graphql.GraphQLContext;
import graphql.execution.ExecutionStepInfo;
import graphql.schema.DataFetchingEnvironment;
import org.parledger.api.StreamIds;
import org.parledger.query.projection.ParkedEvents;
import org.parledger.query.unit.UnitsProjection;
import java.util.Set;
import org.parledger.api.ranking.Ranking;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.ranking.ScoreStage;
import org.parledger.api.ranking.YearChange;
import org.parledger.api.unit.UnitCode;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.parledger.api.ranking.RankingChanged;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import java.time.Duration;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The rankings and assessment queries, answered through the query bus. */
@Controller
class RankingController {
    private final QueryGateway queries;
    private final ParkedEvents parked;

    RankingController(QueryGateway queries, ParkedEvents parked) {
        this.parked = parked;
        this.queries = queries;
    }

    record Edge(String cursor, RankingEntry node) {
    }

    record Connection(List<Edge> edges, PageInfo pageInfo, int totalCount) {
    }

    /**
     * Ranks are always those of the whole ranking; the filters (classification, region) and the order (by a field's
     * rank) only choose and arrange the entries shown.
     */
    @QueryMapping
    Ranking rankings(@Argument int year, @Argument Level level, @Argument ScoreStage stage, @Argument Instant asOf,
                     @Argument String classification, @Argument String region, @Argument String orderByField,
                     @Argument Double consistentWith, @Argument String within, GraphQLContext context) {
        if (stage != ScoreStage.FINAL) ReadAccess.requireWorkingFigures(context, null, within, "stage", "the ranking at stage " + stage);
        // The wait for consistentWith is done before this runs (ReadYourWrites); the position only keeps it from a
        // ranking this node computed before another node projected the change.
        Ranking ranking = once(context, new FindRanking(year, level, stage, asOf, consistentWith == null ? null
                        : consistentWith.longValue(), Rounds.of(level, within)),
                query -> queries.query(query, ResponseTypes.instanceOf(Ranking.class)).join());
        List<RankingEntry> entries = ranking.entries().stream()
                .filter(e -> classification == null || classification.equals(e.classification()))
                .filter(e -> region == null || region.equals(e.region())).toList();
        if (orderByField != null) {
            if (entries.stream().noneMatch(e -> e.fields().stream().anyMatch(f -> f.code().equals(orderByField)))
                    && !entries.isEmpty()) {
                throw new LedgerException(ErrorCode.UNKNOWN_CRITERION, "orderByField", "no field " + orderByField + " in this ranking");
            }
            entries = entries.stream().sorted(Comparator.comparingInt(e -> fieldRank(e, orderByField))).toList();
        }
        return new Ranking(ranking.year(), ranking.level(), ranking.stage(), entries, ranking.within());
    }


    @SchemaMapping(typeName = "Ranking")
    String within(Ranking ranking) {
        return ranking.within() == null ? null : ranking.within().value();
    }

    @SchemaMapping(typeName = "Assessment")
    String within(AssessmentSummary summary) {
        return summary.within() == null ? null : summary.within().value();
    }

    @SchemaMapping(typeName = "YearChange")
    String previousWithin(YearChange change) {
        return change.previousWithin() == null ? null : change.previousWithin().value();
    }

    /**
     * Within one request, a query is answered once: aliases that ask the same ranking as of the same instant share the
     * rebuilt answer instead of each rebuilding it.
     */
    @SuppressWarnings("unchecked")
    private static <Q, R> R once(GraphQLContext context, Q query, java.util.function.Function<Q, R> answer) {
        java.util.Map<Object, Object> answers = context.computeIfAbsent(RankingController.class.getName() + ".answers",
                key -> new java.util.concurrent.ConcurrentHashMap<>());
        return (R) answers.computeIfAbsent(query, q -> answer.apply(query));
    }

    private static int fieldRank(RankingEntry entry, String field) {
        return entry.fields().stream().filter(f -> f.code().equals(field)).mapToInt(FieldStanding::rank).findFirst()
                .orElse(Integer.MAX_VALUE);
    }

    /** The entries as a cursor connection, for long rankings (a commune level has thousands of units). */
    @SchemaMapping(typeName = "Ranking")
    Connection page(Ranking ranking, @Argument int first, @Argument String after) {
        if (first < 1 || first > 500) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "first", "a page holds 1 to 500 entries");
        }
        int start = 0;
        if (after != null) {
            try {
                start = Integer.parseInt(after) + 1;
            } catch (NumberFormatException e) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "after", "not a cursor of this ranking: " + after);
            }
        }
        List<RankingEntry> entries = ranking.entries();
        int end = Math.min(entries.size(), start + first);
        List<Edge> edges = new java.util.ArrayList<>();
        for (int i = Math.max(0, start); i < end; i++) edges.add(new Edge(String.valueOf(i), entries.get(i)));
        return new Connection(edges, PageInfo.of(edges.stream().map(Edge::cursor).toList(), after, start > 0,
                end < entries.size()), entries.size());
    }

    @QueryMapping
    AssessmentSummary assessment(@Argument String unit, @Argument int year, @Argument Instant asOf,
                                 GraphQLContext context) {
        AssessmentId id = Inputs.assessment(unit, year, "");
        AssessmentSummary summary = once(context, new FindAssessment(id, asOf), query -> queries.query(query,
                ResponseTypes.optionalInstanceOf(AssessmentSummary.class)).join()).orElse(null);
        if (summary != null && summary.published() == null) {
            ReadAccess.requireWorkingFigures(context, unit, null, "an unpublished assessment");
        }
        return summary;
    }

    @SchemaMapping(typeName = "RankingEntry")
    String unitCode(RankingEntry entry) {
        return entry.unit().value();
    }

    @SchemaMapping(typeName = "RankingEntry")
    String indexSet(RankingEntry entry) {
        return entry.indexSet().value();
    }

    /**
     * The ranking now, then again whenever projected events change its year's figures (at most every 250 ms).
     * The subscription ends when the client leaves.
     */
    @SubscriptionMapping
    Flux<Ranking> rankingChanged(@Argument int year, @Argument Level level, @Argument ScoreStage stage,
                                 @Argument String within, GraphQLContext context) {
        if (stage != ScoreStage.FINAL) ReadAccess.requireWorkingFigures(context, null, within, "stage", "the ranking at stage " + stage);
        FindRanking query = new FindRanking(year, level, stage, null, null, Rounds.of(level, within));
        SubscriptionQueryResult<Ranking, RankingChanged> result = queries.subscriptionQuery(query,
                ResponseTypes.instanceOf(Ranking.class), ResponseTypes.instanceOf(RankingChanged.class));
        Flux<Ranking> changes = result.updates().sample(Duration.ofMillis(250))
                .concatMap(changed -> Mono.fromFuture(queries.query(query, ResponseTypes.instanceOf(Ranking.class))));
        return result.initialResult().concatWith(changes).doFinally(signal -> result.close());
    }

    @QueryMapping
    Journey journey(@Argument String unit, @Argument int year, @Argument Instant asOf, GraphQLContext context) {
        AssessmentId id = Inputs.assessment(unit, year, "");
        Journey journey = once(context, new FindJourney(id, asOf), query -> queries.query(query,
                ResponseTypes.optionalInstanceOf(Journey.class)).join()).orElse(null);
        return ReadAccess.visibleJourney(context, journey, unit);
    }

    /** Published figures are public: anyone may list the rounds published so far. */
    @QueryMapping
    List<PublishedRound> publishedRounds(@Argument Level level, @Argument String within) {
        UnitCode round = within == null ? null : level == null ? Inputs.unit(within, "within") : Rounds.of(level, within);
        return queries.query(new FindPublishedRounds(level, round), ResponseTypes.instanceOf(PublishedRounds.class)).join()
                .rounds();
    }

    @SchemaMapping(typeName = "PublishedRound")
    String within(PublishedRound round) {
        return round.within() == null ? null : round.within().value();
    }

    @SchemaMapping(typeName = "Journey")
    String unitCode(Journey journey) {
        return journey.assessment().unit().value();
    }

    @SchemaMapping(typeName = "Journey")
    int year(Journey journey) {
        return journey.assessment().year();
    }

    @SchemaMapping(typeName = "YearChange")
    List<String> comparedWith(YearChange change) {
        return change.comparedWith().stream().map(UnitCode::value).toList();
    }

    @SchemaMapping(typeName = "Assessment")
    String unitCode(AssessmentSummary summary) {
        return summary.assessment().unit().value();
    }

    @SchemaMapping(typeName = "Assessment")
    int year(AssessmentSummary summary) {
        return summary.assessment().year();
    }

    @SchemaMapping(typeName = "Assessment")
    String indexSet(AssessmentSummary summary) {
        return summary.indexSet().value();
    }

    @SchemaMapping(typeName = "Assessment")
    boolean stale(AssessmentSummary summary, DataFetchingEnvironment environment) {
        if (asOf(environment)) return false;
        Set<String> parked = staleStreams(environment.getGraphQlContext());
        return parked.contains(StreamIds.assessment(summary.assessment())) || parked.contains(StreamIds.unit(summary.assessment().unit()))
                || parked.contains(StreamIds.indexSet(summary.indexSet()));
    }

    @SchemaMapping(typeName = "Ranking")
    boolean stale(Ranking ranking, DataFetchingEnvironment environment) {
        return !asOf(environment) && !staleStreams(environment.getGraphQlContext()).isEmpty();
    }

    @SchemaMapping(typeName = "RankingEntry")
    boolean stale(RankingEntry entry, DataFetchingEnvironment environment) {
        Set<String> parked = staleStreams(environment.getGraphQlContext());
        if (parked.isEmpty() || asOf(environment)) return false;
        String unit = StreamIds.unit(entry.unit());
        String assessments = "assessment:" + entry.unit().value() + ":";
        return parked.contains(unit) || parked.contains(StreamIds.indexSet(entry.indexSet()))
                || parked.stream().anyMatch(stream -> stream.startsWith(assessments));
    }

    /** Whether the answer was rebuilt from the events as of an instant (then never stale): asOf on the field above. */
    private static boolean asOf(DataFetchingEnvironment environment) {
        for (ExecutionStepInfo step = environment.getExecutionStepInfo(); step != null; step = step.getParent()) {
            if (step.getArguments().containsKey("asOf")) return step.getArgument("asOf") != null;
        }
        return false;
    }

    /** The streams with parked events in the projections rankings and assessments read, once per request. */
    private Set<String> staleStreams(GraphQLContext context) {
        return context.computeIfAbsent(RankingController.class.getName() + ".stale", key ->
                parked.staleStreams(List.of(ScoresProjection.PROCESSING_GROUP, UnitsProjection.PROCESSING_GROUP)));
    }
}
