package org.parledger.query.ranking;

import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.CriterionMarkedApplicable;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.Stage;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.ranking.FieldPoints;
import org.parledger.api.ranking.LeafPoints;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A unit-year's recorded points folded from its events, and its figures under a given set of rules: the
 * in-memory counterpart of the read model, used to answer "as of" from the events themselves. The rules
 * are those of the live read model: a leaf marked not applicable counts for nothing, a leaf counts only at
 * its current scoring source and never above its current maximum.
 */
final class HistoricAssessment {
    AssessmentId id;
    Level level;
    IndexSetCode indexSet;
    Stage stage;
    final Map<String, BigDecimal> self = new HashMap<>();
    final Map<String, BigDecimal> appraised = new HashMap<>();
    final Map<String, BigDecimal> survey = new HashMap<>();
    final Set<String> notApplicable = new HashSet<>();

    /** Null when the stream holds no opening (the assessment did not exist yet). */
    static HistoricAssessment fold(List<Object> events) {
        HistoricAssessment a = new HistoricAssessment();
        for (Object event : events) a.apply(event);
        return a.id == null ? null : a;
    }

    private void apply(Object event) {
        if (event instanceof AssessmentOpened e) {
            id = e.assessment();
            level = e.level();
            indexSet = e.indexSet();
            stage = Stage.SELF_ASSESSMENT;
        } else if (event instanceof SelfScoreRecorded e) {
            self.put(e.criterion(), e.points());
        } else if (event instanceof SelfAssessmentSubmitted) {
            stage = Stage.APPRAISAL;
        } else if (event instanceof AppraisedScoreRecorded e) {
            appraised.put(e.criterion(), e.points());
        } else if (event instanceof SurveyScoreRecorded e) {
            survey.put(e.criterion(), e.points());
        } else if (event instanceof CriterionMarkedNotApplicable e) {
            notApplicable.add(e.criterion());
        } else if (event instanceof CriterionMarkedApplicable e) {
            notApplicable.remove(e.criterion());
        }
    }

    record Figures(BigDecimal attainable, BigDecimal self, BigDecimal appraised, BigDecimal survey,
                   List<FieldPoints> fields, List<LeafPoints> leaves) {
    }

    Figures figures(IndexSetDefinition rules) {
        BigDecimal attainable = BigDecimal.ZERO;
        BigDecimal selfTotal = BigDecimal.ZERO;
        BigDecimal appraisedTotal = BigDecimal.ZERO;
        BigDecimal surveyTotal = BigDecimal.ZERO;
        Map<String, BigDecimal[]> byField = new HashMap<>();
        List<LeafPoints> leaves = new ArrayList<>();
        for (LeafRule leaf : rules.leafRules().values()) {
            boolean na = notApplicable.contains(leaf.code());
            BigDecimal s = self.get(leaf.code());
            BigDecimal a = appraised.get(leaf.code());
            BigDecimal v = survey.get(leaf.code());
            leaves.add(new LeafPoints(leaf.code(), leaf.fieldCode(), Indices.plain(leaf.maximum()), leaf.source(), na,
                    plainOrNull(s), plainOrNull(a), plainOrNull(v),
                    above(s, leaf) || above(a, leaf) || above(v, leaf)));
            BigDecimal[] field = byField.computeIfAbsent(leaf.fieldCode(),
                    k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            if (na) continue;
            attainable = attainable.add(leaf.maximum());
            if (leaf.source() == ScoringSource.EVIDENCE) {
                selfTotal = selfTotal.add(capped(s, leaf));
                appraisedTotal = appraisedTotal.add(capped(a, leaf));
                field[0] = field[0].add(capped(s, leaf));
                field[1] = field[1].add(capped(a, leaf));
            } else {
                surveyTotal = surveyTotal.add(capped(v, leaf));
                field[2] = field[2].add(capped(v, leaf));
            }
        }
        List<FieldPoints> fields = new ArrayList<>();
        for (IndexNode field : rules.fields()) {
            BigDecimal[] points = byField.getOrDefault(field.code(),
                    new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            fields.add(new FieldPoints(field.code(), field.title(), Indices.plain(field.maximum()),
                    Indices.plain(points[0]), Indices.plain(points[1]), Indices.plain(points[2])));
        }
        return new Figures(Indices.plain(attainable), Indices.plain(selfTotal), Indices.plain(appraisedTotal),
                Indices.plain(surveyTotal), fields, leaves);
    }

    private static BigDecimal capped(BigDecimal points, LeafRule leaf) {
        return points == null ? BigDecimal.ZERO : points.min(leaf.maximum());
    }

    private static boolean above(BigDecimal points, LeafRule leaf) {
        return points != null && points.compareTo(leaf.maximum()) > 0;
    }

    private static BigDecimal plainOrNull(BigDecimal points) {
        return points == null ? null : Indices.plain(points);
    }
}
