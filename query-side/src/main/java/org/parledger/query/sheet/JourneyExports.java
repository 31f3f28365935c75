package org.parledger.query.sheet;

import graphql.GraphQLContext;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.common.Inputs;
import org.parledger.api.ranking.FindJourney;
import org.parledger.api.ranking.Journey;
import org.parledger.api.ranking.JourneyStep;
import org.parledger.api.ranking.ScoreChange;
import org.parledger.query.support.ReadAccess;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A unit's journey as a table: a row per station (its total, attainable maximum, index and the change from the station
 * before), each followed by a row per recorded change that made it (the leaf, from, to, who, when, why). The same read
 * rules as the journey: published journeys for everyone, unpublished ones for the people in the workflow.
 */
@Controller
class JourneyExports {
    static final List<Object> HEADER = List.of("Station", "At (UTC)", "Provisional", "Points", "Attainable maximum",
            "Index", "Points change", "Index change", "Change", "Leaf", "Field", "From", "To", "By", "Role", "Reason",
            "Evidence files");

    private final QueryGateway queries;

    JourneyExports(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    String journeyExport(@Argument String unit, @Argument int year, @Argument Instant asOf, @Argument Tables.Format format,
                         GraphQLContext context) {
        AssessmentId id = Inputs.assessment(unit, year, "");
        Journey journey = ReadAccess.visibleJourney(context, queries.query(new FindJourney(id, asOf),
                ResponseTypes.optionalInstanceOf(Journey.class)).join().orElse(null), unit);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(HEADER);
        if (journey != null) {
            for (JourneyStep step : journey.steps()) {
                rows.add(Arrays.asList(step.stage().name(), step.at(), step.provisional(), step.points(),
                        step.attainableMaximum(), Tables.rounded(step.index()), step.pointsChange(),
                        Tables.rounded(step.indexChange())));
                for (ScoreChange change : step.changes()) {
                    List<Object> row = new ArrayList<>();
                    row.add(step.stage().name());
                    row.add(change.at());
                    for (int i = 0; i < 6; i++) row.add(null);
                    row.add(change.kind());
                    row.add(change.criterion());
                    row.add(change.fieldCode());
                    row.add(change.from());
                    row.add(change.to());
                    row.add(change.actor() == null ? null : change.actor().userId());
                    row.add(change.actor() == null ? null : change.actor().role());
                    row.add(change.reason());
                    row.add(Tables.files(change.files()));
                    rows.add(row);
                }
            }
        }
        return new Tables(rows).as(format, id.unit().value() + " " + year, 1);
    }
}
