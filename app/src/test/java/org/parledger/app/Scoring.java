package org.parledger.app;

import java.util.Map;

import static org.parledger.app.TestDocuments.*;

/** Walks one unit-year through opening, self-assessment, submission, appraisal and survey over GraphQL. */
final class Scoring {
    private Scoring() {
    }

    /**
     * Opens the assessment under the set (as the client's actor, an admin), then, each as the role it takes:
     * optionally marks one leaf not applicable, records each self-score, submits, recognises each self-score
     * as appraised, and records the survey leaf 2.1.
     */
    /**
     * Until every projection has applied every event written so far (each one's lag 0), so that what a test reads next
     * no longer changes under it: a ranking shows once its entries are projected, but another projection (or another
     * segment of the same one) may still commit the last scores after that.
     */
    static void awaitProjected(GraphQlClient admin) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
            for (tools.jackson.databind.JsonNode status : admin.data("{ projectionStatus { lag } }", Map.of()).get("projectionStatus")) {
                if (status.get("lag").asDouble() != 0) return false;
            }
            return true;
        });
    }

    static void score(GraphQlClient graphql, String unit, int year, String set, Map<String, String> points,
                      String survey, String notApplicable) {
        score(graphql, unit, year, set, points, survey, notApplicable, assessor -> { });
    }

    /** The same, letting the unit's assessor do more (e.g. cite evidence files) before submitting. */
    static void score(GraphQlClient graphql, String unit, int year, String set, Map<String, String> points,
                      String survey, String notApplicable, java.util.function.Consumer<GraphQlClient> beforeSubmit) {
        graphql.data(OPEN_UNDER, Map.of("unit", unit, "year", year, "set", set));
        GraphQlClient assessor = graphql.assessorOf(unit);
        if (notApplicable != null) {
            assessor.data(MARK_NOT_APPLICABLE, Map.of("unit", unit, "year", year, "criterion", notApplicable));
        }
        points.forEach((criterion, value) ->
                assessor.data(SELF_SCORE, Map.of("unit", unit, "year", year, "criterion", criterion, "points", value)));
        beforeSubmit.accept(assessor);
        assessor.data(SUBMIT, Map.of("unit", unit, "year", year));
        GraphQlClient appraiser = graphql.as("appraiser-snv", "APPRAISER", "SNV");
        points.forEach((criterion, value) ->
                appraiser.data(APPRAISE, Map.of("unit", unit, "year", year, "criterion", criterion, "points", value)));
        graphql.as("survey-team", "SURVEY").data(SURVEY, Map.of("unit", unit, "year", year, "criterion", "2.1", "points", survey));
    }
}
