package org.parledger.query.ranking;

import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AppraisalContested;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.Totals;
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
import org.parledger.api.ranking.PublicationFacts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A unit-year's recorded points folded from its events, and its figures under a given set of rules: the
 * in-memory counterpart of the read model, used to answer "as of" from the events themselves, with the
 * totals computed by {@link Totals}.
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
    final Set<String> contested = new HashSet<>();
    BigDecimal deductions = BigDecimal.ZERO;
    PublicationFacts published;

    /** Null when the stream holds no opening (the assessment did not exist yet). */
    static HistoricAssessment fold(List<Object> events) {
        HistoricAssessment a = new HistoricAssessment();
        for (Object event : events) a.apply(event);
        return a.id == null ? null : a;
    }

    void apply(Object event) {
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
        } else if (event instanceof PreliminaryResultsSent) {
            stage = Stage.FEEDBACK;
        } else if (event instanceof AppraisalContested e) {
            contested.add(e.criterion());
        } else if (event instanceof ContestDecided e) {
            contested.remove(e.criterion());
            appraised.put(e.criterion(), e.points());
        } else if (event instanceof DeductionRecorded e) {
            deductions = deductions.add(e.points());
        } else if (event instanceof AssessmentVerified) {
            stage = Stage.VERIFIED;
        } else if (event instanceof AssessmentPublished e) {
            stage = Stage.PUBLISHED;
            published = new PublicationFacts(e.decision(), e.decidedOn(), Indices.plain(e.index()), e.rank(), e.rankedUnits());
        } else if (event instanceof PublishedScoreCorrected e) {
            (e.source() == ScoringSource.EVIDENCE ? appraised : survey).put(e.criterion(), e.corrected());
        } else if (event instanceof CriterionMarkedNotApplicable e) {
            notApplicable.add(e.criterion());
        } else if (event instanceof CriterionMarkedApplicable e) {
            notApplicable.remove(e.criterion());
        }
    }

    record Figures(Totals totals, List<FieldPoints> fields, Map<String, BigDecimal> fieldAttainable,
                   List<LeafPoints> leaves) {
    }

    Figures figures(IndexSetDefinition rules) {
        Totals totals = Totals.of(rules.leafRules().values(), self, appraised, survey, notApplicable, deductions);
        Map<String, BigDecimal[]> byField = new HashMap<>();
        Map<String, BigDecimal> fieldAttainable = new HashMap<>();
        List<LeafPoints> leaves = new ArrayList<>();
        for (LeafRule leaf : rules.leafRules().values()) {
            boolean na = notApplicable.contains(leaf.code());
            BigDecimal s = self.get(leaf.code());
            BigDecimal a = appraised.get(leaf.code());
            BigDecimal v = survey.get(leaf.code());
            leaves.add(new LeafPoints(leaf.code(), leaf.fieldCode(), Indices.plain(leaf.maximum()), leaf.source(), na,
                    plainOrNull(s), plainOrNull(a), plainOrNull(v),
                    above(s, leaf) || above(a, leaf) || above(v, leaf), contested.contains(leaf.code())));
            BigDecimal[] field = byField.computeIfAbsent(leaf.fieldCode(),
                    k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            if (na) continue;
            fieldAttainable.merge(leaf.fieldCode(), leaf.maximum(), BigDecimal::add);
            if (leaf.source() == ScoringSource.EVIDENCE) {
                field[0] = field[0].add(capped(s, leaf));
                field[1] = field[1].add(capped(a, leaf));
            } else {
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
        return new Figures(totals, fields, fieldAttainable, leaves);
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
