package org.parledger.api.assessment;

import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The points a unit-year's stream has recorded, folded from its events in order: the one fold that rebuilds
 * figures from the events, for as-of answers, journeys and the offline verifier of a figure's proof. Totals under
 * a set of rules come from {@link Totals}.
 */
public class RecordedScores {
    public AssessmentId id;
    public Level level;
    /** The province whose round the assessment is in; null for the national round. */
    public org.parledger.api.unit.UnitCode within;
    public IndexSetCode indexSet;
    public Stage stage;
    public final Map<String, BigDecimal> self = new HashMap<>();
    public final Map<String, BigDecimal> appraised = new HashMap<>();
    public final Map<String, BigDecimal> survey = new HashMap<>();
    public final Set<String> notApplicable = new HashSet<>();
    public final Set<String> contested = new HashSet<>();
    public BigDecimal deductions = BigDecimal.ZERO;
    /** How the assessment was published, once it is. */
    public AssessmentPublished publication;

    public void apply(Object event) {
        if (event instanceof AssessmentOpened e) {
            id = e.assessment();
            level = e.level();
            within = e.within();
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
            publication = e;
        } else if (event instanceof PublishedScoreCorrected e) {
            (e.source() == ScoringSource.EVIDENCE ? appraised : survey).put(e.criterion(), e.corrected());
        } else if (event instanceof CriterionMarkedNotApplicable e) {
            notApplicable.add(e.criterion());
        } else if (event instanceof CriterionMarkedApplicable e) {
            notApplicable.remove(e.criterion());
        }
    }

    public Totals totals(IndexSetDefinition rules) {
        return Totals.of(rules.leafRules().values(), self, appraised, survey, notApplicable, deductions);
    }
}
