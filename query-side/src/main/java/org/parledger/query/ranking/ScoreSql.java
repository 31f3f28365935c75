package org.parledger.query.ranking;

/**
 * The read model's totals in SQL, the same rule as {@link org.parledger.api.assessment.Totals}: a leaf counts
 * only at its scoring source, never above its maximum, and not at all when marked not applicable. Expects
 * the leaf as {@code l} and its scores as {@code p}.
 */
final class ScoreSql {
    static final String CAPPED_SUMS = """
            COALESCE(SUM(CASE WHEN p.self_points > l.maximum THEN l.maximum ELSE p.self_points END)
                FILTER (WHERE l.source = 'EVIDENCE' AND NOT p.not_applicable), 0) AS self,
            COALESCE(SUM(CASE WHEN p.appraised_points > l.maximum THEN l.maximum ELSE p.appraised_points END)
                FILTER (WHERE l.source = 'EVIDENCE' AND NOT p.not_applicable), 0) AS appraised,
            COALESCE(SUM(CASE WHEN p.survey_points > l.maximum THEN l.maximum ELSE p.survey_points END)
                FILTER (WHERE l.source = 'SURVEY' AND NOT p.not_applicable), 0) AS survey""";

    private ScoreSql() {
    }
}
