package org.parledger.app;

import java.util.Map;

import static org.parledger.app.TestDocuments.*;

/** Walks one unit-year through opening, self-assessment, submission, appraisal and survey over GraphQL. */
final class Scoring {
    private Scoring() {
    }

    /**
     * Opens the assessment under the set, optionally marks one leaf not applicable, records each self-score,
     * submits, recognises each self-score as appraised, and records the survey leaf 2.1.
     */
    static void score(GraphQlClient graphql, String unit, int year, String set, Map<String, String> points,
                      String survey, String notApplicable) {
        graphql.data(OPEN_UNDER, Map.of("unit", unit, "year", year, "set", set));
        if (notApplicable != null) {
            graphql.data(MARK_NOT_APPLICABLE, Map.of("unit", unit, "year", year, "criterion", notApplicable));
        }
        points.forEach((criterion, value) ->
                graphql.data(SELF_SCORE, Map.of("unit", unit, "year", year, "criterion", criterion, "points", value)));
        graphql.data(SUBMIT, Map.of("unit", unit, "year", year));
        points.forEach((criterion, value) ->
                graphql.data(APPRAISE, Map.of("unit", unit, "year", year, "criterion", criterion, "points", value)));
        graphql.data(SURVEY, Map.of("unit", unit, "year", year, "criterion", "2.1", "points", survey));
    }
}
