package org.parledger.query.ranking;

import org.parledger.api.assessment.RecordedScores;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.Totals;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.ranking.FieldPoints;
import org.parledger.api.ranking.LeafPoints;
import org.parledger.api.ranking.PublicationFacts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A unit-year's recorded points folded from its events, and its figures under a given set of rules: the
 * in-memory counterpart of the read model, used to answer "as of" from the events themselves, with the
 * totals computed by {@link Totals}.
 */
final class HistoricAssessment extends RecordedScores {
    PublicationFacts published;

    /** Null when the stream holds no opening (the assessment did not exist yet). */
    static HistoricAssessment fold(List<Object> events) {
        HistoricAssessment a = new HistoricAssessment();
        for (Object event : events) a.apply(event);
        return a.id == null ? null : a;
    }

    @Override
    public void apply(Object event) {
        super.apply(event);
        if (event instanceof AssessmentPublished e) {
            published = new PublicationFacts(e.decision(), e.decidedOn(), Indices.plain(e.index()), e.rank(), e.rankedUnits());
        }
    }

    record Figures(Totals totals, List<FieldPoints> fields, Map<String, BigDecimal> fieldAttainable,
                   List<LeafPoints> leaves) {
    }

    Figures figures(IndexSetDefinition rules) {
        Totals totals = totals(rules);
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
