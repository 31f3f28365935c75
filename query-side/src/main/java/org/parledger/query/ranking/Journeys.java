package org.parledger.query.ranking;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.assessment.Totals;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.IndexSetHistory;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.ranking.FindJourney;
import org.parledger.api.ranking.Journey;
import org.parledger.api.ranking.JourneyStage;
import org.parledger.api.ranking.JourneyStep;
import org.parledger.api.ranking.ScoreChange;
import org.parledger.query.history.LedgerHistory;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.parledger.query.ranking.Indices.plain;

/**
 * The score journey, rebuilt from the unit-year's events: its total at each station (self-assessed,
 * appraised, after feedback, verified, final, corrected) under the rules as they stood then, and the
 * recorded changes (leaf, from, to, who, why) between one station and the next.
 */
@Component
class Journeys {
    private final LedgerHistory history;

    Journeys(LedgerHistory history) {
        this.history = history;
    }

    @QueryHandler
    Optional<Journey> handle(FindJourney query) {
        List<DomainEventMessage<?>> events = LedgerHistory.asItStood(history.all(StreamIds.assessment(query.assessment())), query.asOf());
        if (events.isEmpty() || !(events.get(0).getPayload() instanceof AssessmentOpened opened)) return Optional.empty();
        List<DomainEventMessage<?>> rules = history.all(StreamIds.indexSet(opened.indexSet()));
        boolean feedbackRound = events.stream().anyMatch(e -> e.getPayload() instanceof PreliminaryResultsSent);

        // Corrections change maxima, sources, agencies and bands, never which field a leaf belongs to: the
        // latest rules say it for every event.
        Map<String, LeafRule> leaves = rulesAt(rules, events.get(events.size() - 1).getTimestamp()).leafRules();
        HistoricAssessment state = new HistoricAssessment();
        List<JourneyStep> steps = new ArrayList<>();
        List<ScoreChange> changes = new ArrayList<>();
        for (DomainEventMessage<?> message : events) {
            Object event = message.getPayload();
            ScoreChange change = change(event, state, leaves, message.getTimestamp());
            state.apply(event);
            // A recognised score (appraised as self-assessed, a contest upheld) moves nothing.
            if (change != null && (change.from() == null || change.from().compareTo(change.to()) != 0)) changes.add(change);
            JourneyStage reached = reached(event);
            if (reached == JourneyStage.VERIFIED) {
                JourneyStage appraised = feedbackRound ? JourneyStage.AFTER_FEEDBACK : JourneyStage.APPRAISED;
                steps.add(step(appraised, message.getTimestamp(), false, state, rules, changes, steps));
            }
            if (reached != null) steps.add(step(reached, message.getTimestamp(), false, state, rules, changes, steps));
        }
        if (!changes.isEmpty()) {
            Instant last = changes.get(changes.size() - 1).at();
            JourneyStage next = next(steps.isEmpty() ? null : steps.get(steps.size() - 1).stage(), feedbackRound);
            steps.add(step(next, last, next != JourneyStage.CORRECTED, state, rules, changes, steps));
        }
        return Optional.of(new Journey(query.assessment(), steps));
    }

    /** The station the changes after the last one reached lead to. */
    private static JourneyStage next(JourneyStage last, boolean feedbackRound) {
        if (last == null) return JourneyStage.SELF_ASSESSED;
        return switch (last) {
            case SELF_ASSESSED -> JourneyStage.APPRAISED;
            case APPRAISED -> feedbackRound ? JourneyStage.AFTER_FEEDBACK : JourneyStage.VERIFIED;
            case AFTER_FEEDBACK -> JourneyStage.VERIFIED;
            case VERIFIED -> JourneyStage.FINAL;
            case FINAL, CORRECTED -> JourneyStage.CORRECTED;
        };
    }

    /** The station an event closes, if any. */
    private static JourneyStage reached(Object event) {
        if (event instanceof SelfAssessmentSubmitted) return JourneyStage.SELF_ASSESSED;
        if (event instanceof PreliminaryResultsSent) return JourneyStage.APPRAISED;
        if (event instanceof AssessmentVerified) return JourneyStage.VERIFIED;
        if (event instanceof AssessmentPublished) return JourneyStage.FINAL;
        return null;
    }

    /** The change an event makes to a figure, judged against the state before it. */
    private static ScoreChange change(Object event, HistoricAssessment before, Map<String, LeafRule> leaves, Instant at) {
        if (event instanceof SelfScoreRecorded e) {
            return new ScoreChange("SELF_SCORE", e.criterion(), field(leaves, e.criterion()), e.previousPoints(), e.points(),
                    e.actor(), e.explanation(), at, e.evidence() == null ? List.of() : e.evidence().files());
        }
        if (event instanceof AppraisedScoreRecorded e) {
            BigDecimal from = e.previousPoints() != null ? e.previousPoints() : e.selfAssessedPoints();
            return new ScoreChange("APPRAISAL", e.criterion(), field(leaves, e.criterion()), from, e.points(), e.actor(),
                    e.reason(), at);
        }
        if (event instanceof SurveyScoreRecorded e) {
            return new ScoreChange("SURVEY", e.criterion(), field(leaves, e.criterion()), e.previousPoints(), e.points(),
                    e.actor(), null, at);
        }
        if (event instanceof ContestDecided e) {
            return new ScoreChange(e.upheld() ? "CONTEST_UPHELD" : "CONTEST_CHANGED", e.criterion(),
                    field(leaves, e.criterion()), e.previousPoints(), e.points(), e.actor(), e.reason(), at);
        }
        if (event instanceof DeductionRecorded e) {
            return new ScoreChange("DEDUCTION", null, null, before.deductions, before.deductions.add(e.points()), e.actor(),
                    e.reason(), at);
        }
        if (event instanceof PublishedScoreCorrected e) {
            return new ScoreChange("CORRECTION", e.criterion(), field(leaves, e.criterion()), e.previous(), e.corrected(),
                    e.actor(), e.reason() + " (" + e.reference() + ")", at);
        }
        return null;
    }

    private static String field(Map<String, LeafRule> leaves, String criterion) {
        LeafRule leaf = leaves.get(criterion);
        return leaf == null ? null : leaf.fieldCode();
    }

    /** A station: the totals under the rules of that moment; the changes since the previous station. */
    private static JourneyStep step(JourneyStage stage, Instant at, boolean provisional, HistoricAssessment state,
                                    List<DomainEventMessage<?>> rules, List<ScoreChange> changes, List<JourneyStep> before) {
        HistoricAssessment.Figures figures = state.figures(rulesAt(rules, at));
        Totals totals = figures.totals();
        BigDecimal points = plain(stage == JourneyStage.SELF_ASSESSED ? totals.selfAssessedWithSurvey()
                : totals.appraisedWithSurvey());
        BigDecimal maximum = plain(totals.attainableMaximum());
        BigDecimal index = Indices.index(points, maximum);
        JourneyStep previous = before.isEmpty() ? null : before.get(before.size() - 1);
        JourneyStep step = new JourneyStep(stage, at, provisional, points, maximum, index,
                previous == null ? null : plain(points.subtract(previous.points())),
                previous == null ? null : plain(index.subtract(previous.index())), figures.fields(), changes);
        changes.clear();
        return step;
    }

    private static IndexSetDefinition rulesAt(List<DomainEventMessage<?>> rules, Instant at) {
        IndexSetDefinition definition = null;
        for (DomainEventMessage<?> message : LedgerHistory.asItStoodAtLeastCreated(rules, at)) {
            definition = IndexSetHistory.fold(definition, message.getPayload());
        }
        return definition;
    }
}
