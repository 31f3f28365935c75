package org.parledger.query.ranking;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Level;
import org.parledger.api.ranking.AssessmentSummary;
import org.parledger.api.ranking.FindAssessment;
import org.parledger.api.ranking.FindJourney;
import org.parledger.api.ranking.FindRanking;
import org.parledger.api.ranking.Journey;
import org.parledger.api.ranking.Ranking;
import org.parledger.api.ranking.RankingEntry;
import org.parledger.api.ranking.ScoreStage;
import org.parledger.api.ranking.YearChange;
import org.parledger.api.unit.UnitCode;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.util.List;

/** The rankings and assessment queries, answered through the query bus. */
@Controller
class RankingController {
    private final QueryGateway queries;

    RankingController(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    Ranking rankings(@Argument int year, @Argument Level level, @Argument ScoreStage stage, @Argument Instant asOf) {
        return queries.query(new FindRanking(year, level, stage, asOf), ResponseTypes.instanceOf(Ranking.class)).join();
    }

    @QueryMapping
    AssessmentSummary assessment(@Argument String unit, @Argument int year, @Argument Instant asOf) {
        AssessmentId id = assessmentId(unit, year);
        return queries.query(new FindAssessment(id, asOf), ResponseTypes.optionalInstanceOf(AssessmentSummary.class))
                .join().orElse(null);
    }

    private static AssessmentId assessmentId(String unit, int year) {
        try {
            return new AssessmentId(new UnitCode(unit.strip()), year);
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "unit", e.getMessage());
        }
    }

    @SchemaMapping(typeName = "RankingEntry")
    String unitCode(RankingEntry entry) {
        return entry.unit().value();
    }

    @SchemaMapping(typeName = "RankingEntry")
    String indexSet(RankingEntry entry) {
        return entry.indexSet().value();
    }

    @QueryMapping
    Journey journey(@Argument String unit, @Argument int year) {
        AssessmentId id = assessmentId(unit, year);
        return queries.query(new FindJourney(id), ResponseTypes.optionalInstanceOf(Journey.class)).join().orElse(null);
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
}
