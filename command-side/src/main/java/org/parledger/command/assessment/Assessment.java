package org.parledger.command.assessment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.parledger.api.assessment.AcceptAppraisal;
import org.parledger.api.assessment.AppraisalAccepted;
import org.parledger.api.assessment.AppraisalContested;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.ContestAppraisal;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.assessment.DecideContest;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.SendPreliminaryResults;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.CorrectPublishedScore;
import org.parledger.api.assessment.PublishResults;
import org.parledger.api.assessment.PublishedRank;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.RecordDeduction;
import org.parledger.api.assessment.Totals;
import org.parledger.api.assessment.VerifyAssessment;
import org.parledger.api.assessment.CriterionMarkedApplicable;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.MarkCriterionApplicable;
import org.parledger.api.assessment.MarkCriterionNotApplicable;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.assessment.RecordAppraisedScore;
import org.parledger.api.assessment.RecordSelfScores;
import org.parledger.api.assessment.RecordAppraisedScores;
import org.parledger.api.common.Principal;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.parledger.api.assessment.RecordSelfScore;
import org.parledger.api.assessment.RecordSurveyScore;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.Stage;
import org.parledger.api.assessment.SubmitSelfAssessment;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.LedgerError;
import org.parledger.api.assessment.CheckSelfScores;
import org.parledger.command.evidence.EvidenceCatalog;
import org.parledger.api.assessment.CheckAppraisedScores;
import org.parledger.api.common.Level;
import org.parledger.api.common.Points;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.command.indexset.IndexSetCatalog;
import org.parledger.command.indexset.IndexSetRules;
import org.parledger.command.support.Permissions;
import org.parledger.api.StreamIds;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.command.unit.UnitFacts;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One unit's score for one year, from self-assessment through appraisal to verification. Each unit-year is its own stream, so
 * scoring one unit never locks another. Rules (maxima, scoring sources) are read from the index set when a
 * command arrives, so a rule correction applies to every later command. Every handler answers with the
 * stream's version after its event, which a client sends back to have a stale change refused.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver", cache = "assessmentCache",
        snapshotTriggerDefinition = "assessmentSnapshotTrigger", snapshotFilter = "assessmentSnapshotFilter")
// The snapshot's shape: raised whenever a field is added, so that older snapshots are ignored, not half-read.
@Revision(Assessment.SNAPSHOT_REVISION)
// A snapshot is this object's fields as JSON (not final, so that Jackson can restore them); nothing else is serialised.
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Assessment {
    /** 2: who took part in self-assessment and appraisal (separation of duties); 3: the round's province. */
    public static final String SNAPSHOT_REVISION = "3";
    @AggregateIdentifier
    private String id;
    private AssessmentId assessment;
    private Level level;
    /** The province whose round the assessment is in; null for the national round. */
    private UnitCode within;
    private IndexSetCode indexSet;
    private Stage stage;
    private Map<String, BigDecimal> selfScores = new HashMap<>();
    private Map<String, BigDecimal> appraisedScores = new HashMap<>();
    private Map<String, BigDecimal> surveyScores = new HashMap<>();
    private Set<String> notApplicable = new HashSet<>();
    private Set<String> openContests = new HashSet<>();
    private BigDecimal deductions = BigDecimal.ZERO;
    private BigDecimal verifiedPoints;
    private BigDecimal verifiedMaximum;
    /** Subjects who took part in the self-assessment (scored, marked, submitted, answered the appraisal). */
    private Set<String> selfAssessors = new HashSet<>();
    /** Subjects who appraised a leaf or decided a contest. */
    private Set<String> appraisers = new HashSet<>();

    /** For Axon, and for Jackson when it reads a snapshot. */
    @JsonCreator
    protected Assessment() {
    }

    @CommandHandler
    public Assessment(OpenAssessment command, UnitDirectory units, IndexSetCatalog indexSets) {
        Permissions.requireRole(command.principal(), Role.ADMIN, Role.COUNCIL);
        AssessmentId target = command.assessment();
        UnitFacts unit = units.find(target.unit()).orElseThrow(() -> new LedgerException(
                ErrorCode.UNKNOWN_UNIT, "unit", "no unit " + target.unit() + " is registered"));
        // The round is the province's the unit belongs to at the end of the year, the day its figures are made for.
        UnitCode round = units.provinceOf(target.unit(), java.time.LocalDate.of(target.year(), 12, 31)).orElse(null);
        Actor actor = Permissions.actingWithin(command.principal(), round, Role.ADMIN, Role.COUNCIL);
        if (!unit.existsAtEndOf(target.year())) {
            throw new LedgerException(ErrorCode.UNIT_NOT_IN_EXISTENCE, "year", unit.name() + " did not exist at the end of "
                    + target.year() + " (established " + unit.establishedOn() + ", ceased " + unit.ceasedOn() + ")");
        }
        IndexSetDefinition set = indexSets.find(command.indexSet()).orElseThrow(() -> new LedgerException(
                ErrorCode.UNKNOWN_INDEX_SET, "indexSet", "no index set " + command.indexSet() + " is defined"))
                .definition();
        if (set.level() != unit.level()) {
            throw new LedgerException(ErrorCode.LEVEL_MISMATCH, "indexSet", "index set " + set.code() + " scores "
                    + set.level() + " units, but " + unit.name() + " is a " + unit.level());
        }
        if (!set.covers(target.year())) {
            throw new LedgerException(ErrorCode.YEAR_NOT_COVERED, "year", "index set " + set.code() + " applies to "
                    + set.fromYear() + "-" + set.toYear() + ", not " + target.year());
        }
        if (!set.usableWithin(round)) {
            throw new LedgerException(ErrorCode.WRONG_SCOPE, "indexSet", "index set " + set.code() + " was issued by province "
                    + set.within() + " for its own rounds; " + unit.name() + " is in "
                    + (round == null ? "the national round" : "the rounds of province " + round));
        }
        apply(new AssessmentOpened(target, unit.level(), set.code(), actor, round));
    }

    /** The unit's assessor, while self-scores may still be recorded. */
    private Actor selfScoring(org.parledger.api.common.Principal principal, RoundCatalog rounds) {
        Actor actor = Permissions.assessorOf(principal, assessment.unit());
        requireBeforeDeadline(rounds);
        requireStage(Stage.SELF_ASSESSMENT, "self-scores can only be recorded before the self-assessment is submitted");
        return actor;
    }

    @CommandHandler
    long handle(RecordSelfScore command, IndexSetCatalog indexSets, RoundCatalog rounds, EvidenceCatalog files) {
        Actor actor = selfScoring(command.principal(), rounds);
        apply(selfScore(indexSets, files, command.criterion(), command.points(), command.evidence(), command.explanation(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(RecordSelfScores command, IndexSetCatalog indexSets, RoundCatalog rounds, EvidenceCatalog files) {
        Actor actor = selfScoring(command.principal(), rounds);
        List<SelfScoreRecorded> events = LeafBatch.each(command.leaves(), RecordSelfScores.MAX_LEAVES, RecordSelfScores.Leaf::criterion,
                leaf -> selfScore(indexSets, files, leaf.criterion(), leaf.points(), leaf.evidence(), leaf.explanation(), actor));
        events.forEach(AggregateLifecycle::apply);
        return getVersion();
    }

    /** The event a self-score would record, or the refusal of it. */
    private SelfScoreRecorded selfScore(IndexSetCatalog indexSets, EvidenceCatalog files, String criterion,
                                        BigDecimal requested, EvidenceReference reference, String explanation, Actor actor) {
        LeafRule leaf = applicable(leaf(indexSets, criterion, ScoringSource.EVIDENCE));
        BigDecimal points = pointsWithin(leaf, requested);
        EvidenceReference evidence = reference == null ? null : CitedFiles.asKept(files, assessment.unit(), reference);
        boolean hasEvidence = evidence != null && (!blank(evidence.documentNumber()) || !evidence.files().isEmpty());
        if (!hasEvidence && blank(explanation)) {
            throw new LedgerException(ErrorCode.EVIDENCE_REQUIRED, "evidence",
                    "a self-score needs an evidence reference (document number or files) or an explanation");
        }
        return new SelfScoreRecorded(assessment, leaf.code(), selfScores.get(leaf.code()), points, hasEvidence ? evidence : null,
                blank(explanation) ? null : explanation.strip(), actor);
    }

    /** An appraiser or the council, while appraised scores may be recorded (the leaf's agency is checked per leaf). */
    private void appraising(Principal principal) {
        Permissions.requireRole(principal, Role.APPRAISER, Role.COUNCIL);
        requireStage(Stage.APPRAISAL, Stage.FEEDBACK, "appraisal starts only after the unit has submitted its self-assessment, and ends with verification");
    }

    /** The refusals each leaf of a self-assessment sheet would meet; records nothing. */
    @CommandHandler
    List<LedgerError> handle(CheckSelfScores command, IndexSetCatalog indexSets, RoundCatalog rounds, EvidenceCatalog files) {
        Actor actor = selfScoring(command.principal(), rounds);
        return LeafBatch.problems(command.leaves(), RecordSelfScores.MAX_LEAVES, RecordSelfScores.Leaf::criterion,
                leaf -> selfScore(indexSets, files, leaf.criterion(), leaf.points(), leaf.evidence(), leaf.explanation(), actor));
    }

    /** The refusals each leaf of an appraisal sheet would meet; records nothing. */
    @CommandHandler
    List<LedgerError> handle(CheckAppraisedScores command, IndexSetCatalog indexSets, UnitDirectory units) {
        appraising(command.principal());
        return LeafBatch.problems(command.leaves(), RecordSelfScores.MAX_LEAVES, RecordAppraisedScores.Leaf::criterion,
                leaf -> appraisal(indexSets, units, leaf.criterion(), leaf.points(), leaf.reason(), command.principal()));
    }

    @CommandHandler
    long handle(SubmitSelfAssessment command, RoundCatalog rounds) {
        Actor actor = Permissions.assessorOf(command.principal(), assessment.unit());
        requireBeforeDeadline(rounds);
        requireStage(Stage.SELF_ASSESSMENT, "the self-assessment has already been submitted");
        BigDecimal total = selfScores.entrySet().stream().filter(score -> !notApplicable.contains(score.getKey()))
                .map(Map.Entry::getValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        apply(new SelfAssessmentSubmitted(assessment, total, actor));
        return getVersion();
    }

    @CommandHandler
    long handle(RecordAppraisedScore command, IndexSetCatalog indexSets, UnitDirectory units) {
        appraising(command.principal());
        apply(appraisal(indexSets, units, command.criterion(), command.points(), command.reason(), command.principal()));
        return getVersion();
    }

    @CommandHandler
    long handle(RecordAppraisedScores command, IndexSetCatalog indexSets, UnitDirectory units) {
        appraising(command.principal());
        List<AppraisedScoreRecorded> events = LeafBatch.each(command.leaves(), RecordSelfScores.MAX_LEAVES, RecordAppraisedScores.Leaf::criterion,
                leaf -> appraisal(indexSets, units, leaf.criterion(), leaf.points(), leaf.reason(), command.principal()));
        events.forEach(AggregateLifecycle::apply);
        return getVersion();
    }

    /** The event an appraisal would record, or the refusal of it. */
    private AppraisedScoreRecorded appraisal(IndexSetCatalog indexSets, UnitDirectory units, String criterion,
                                             BigDecimal requested, String reason, Principal principal) {
        LeafRule leaf = applicable(leaf(indexSets, criterion, ScoringSource.EVIDENCE));
        Actor actor = Permissions.appraiserOf(principal, leaf, jurisdiction -> inJurisdiction(units, jurisdiction), within);
        Permissions.requireNoneOf(principal, selfAssessors, "appraise", "took part in self-assessing");
        BigDecimal points = pointsWithin(leaf, requested);
        BigDecimal selfAssessed = selfScores.get(leaf.code());
        boolean adjusts = selfAssessed == null || selfAssessed.compareTo(points) != 0;
        if (adjusts && blank(reason)) {
            throw new LedgerException(ErrorCode.REASON_REQUIRED, "reason",
                    "an appraised score that differs from the self-assessed one needs a reason");
        }
        return new AppraisedScoreRecorded(assessment, leaf.code(), selfAssessed, appraisedScores.get(leaf.code()),
                points, blank(reason) ? null : reason.strip(), actor);
    }

    @CommandHandler
    long handle(RecordDeduction command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.COUNCIL);
        Permissions.requireNoneOf(command.principal(), selfAssessors, "take points off", "took part in self-assessing");
        requireStage(Stage.APPRAISAL, Stage.FEEDBACK, "deductions are recorded during appraisal, before verification");
        BigDecimal points = Points.normalise(command.points(), "points");
        if (points.signum() <= 0) {
            throw new LedgerException(ErrorCode.POINTS_OUT_OF_RANGE, "points", "a deduction takes off a positive number of points");
        }
        BigDecimal attainable = totals(rules(indexSets)).attainableMaximum();
        if (deductions.add(points).compareTo(attainable) > 0) {
            throw new LedgerException(ErrorCode.POINTS_OUT_OF_RANGE, "points", "deductions take off at most the attainable maximum, "
                    + attainable.toPlainString() + " points; " + deductions.toPlainString() + " are already taken off");
        }
        apply(new DeductionRecorded(assessment, points, requireReason(command.reason()), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(VerifyAssessment command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.COUNCIL);
        Permissions.requireNoneOf(command.principal(), selfAssessors, "verify", "took part in self-assessing");
        Permissions.requireNoneOf(command.principal(), appraisers, "verify", "appraised leaves of");
        requireStage(Stage.APPRAISAL, Stage.FEEDBACK, "only a submitted assessment under appraisal can be verified");
        if (!openContests.isEmpty()) {
            throw new LedgerException(ErrorCode.NOT_READY_FOR_VERIFICATION, null,
                    "contests still open on: " + String.join(", ", new java.util.TreeSet<>(openContests)));
        }
        IndexSetRules rules = rules(indexSets);
        List<String> missing = new ArrayList<>();
        for (LeafRule leaf : rules.definition().leafRules().values()) {
            if (notApplicable.contains(leaf.code())) continue;
            Map<String, BigDecimal> scores = leaf.source() == ScoringSource.EVIDENCE ? appraisedScores : surveyScores;
            if (!scores.containsKey(leaf.code())) missing.add(leaf.code());
        }
        if (!missing.isEmpty()) {
            throw new LedgerException(ErrorCode.NOT_READY_FOR_VERIFICATION, null,
                    "not yet appraised or scored by the survey: " + String.join(", ", missing));
        }
        Totals totals = totals(rules);
        apply(new AssessmentVerified(assessment, totals.appraisedWithSurvey(), totals.attainableMaximum(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(RecordSurveyScore command, IndexSetCatalog indexSets) {
        recordSurvey(indexSets, command.criterion(), command.points(), Permissions.actingAs(command.principal(), Role.SURVEY));
        return getVersion();
    }

    Level level() {
        return level;
    }

    /** The province whose round the assessment is in; null for the national round. */
    UnitCode within() {
        return within;
    }

    /** Also applied by {@link SurveyResults} for a whole level and year at once; the actor acts as SURVEY. */
    void recordSurvey(IndexSetCatalog indexSets, String criterion, BigDecimal requested, Actor actor) {
        apply(surveyScore(indexSets, criterion, requested, actor));
    }

    /** The event a survey score would record, or the refusal of it (also asked by {@link SurveyResults} to check a sheet). */
    SurveyScoreRecorded surveyScore(IndexSetCatalog indexSets, String criterion, BigDecimal requested, Actor actor) {
        requireStage(Stage.SELF_ASSESSMENT, Stage.APPRAISAL, Stage.FEEDBACK, "survey points are recorded before verification");
        LeafRule leaf = applicable(leaf(indexSets, criterion, ScoringSource.SURVEY));
        BigDecimal points = pointsWithin(leaf, requested);
        return new SurveyScoreRecorded(assessment, leaf.code(), surveyScores.get(leaf.code()), points, actor);
    }

    @CommandHandler
    long handle(MarkCriterionNotApplicable command, IndexSetCatalog indexSets, RoundCatalog rounds) {
        Actor actor = Permissions.assessorOf(command.principal(), assessment.unit());
        requireBeforeDeadline(rounds);
        requireStage(Stage.SELF_ASSESSMENT, "a criterion can be marked not applicable only during self-assessment");
        LeafRule leaf = leaf(indexSets, command.criterion(), null);
        if (!leaf.notApplicableAllowed()) {
            throw new LedgerException(ErrorCode.NOT_APPLICABLE_NOT_ALLOWED, "criterion",
                    "index set " + indexSet + " does not allow criterion " + leaf.code() + " to be marked not applicable");
        }
        if (notApplicable.contains(leaf.code())) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "criterion", leaf.code() + " is already not applicable");
        }
        apply(new CriterionMarkedNotApplicable(assessment, leaf.code(), requireReason(command.reason()), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(MarkCriterionApplicable command, IndexSetCatalog indexSets, RoundCatalog rounds) {
        Actor actor = Permissions.assessorOf(command.principal(), assessment.unit());
        requireBeforeDeadline(rounds);
        requireStage(Stage.SELF_ASSESSMENT, "a not-applicable mark can be withdrawn only during self-assessment");
        LeafRule leaf = leaf(indexSets, command.criterion(), null);
        if (!notApplicable.contains(leaf.code())) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "criterion", leaf.code() + " is not marked not applicable");
        }
        apply(new CriterionMarkedApplicable(assessment, leaf.code(), requireReason(command.reason()), actor));
        return getVersion();
    }

    private LeafRule applicable(LeafRule leaf) {
        if (notApplicable.contains(leaf.code())) {
            throw new LedgerException(ErrorCode.CRITERION_NOT_APPLICABLE, "criterion",
                    "criterion " + leaf.code() + " is marked not applicable to this unit");
        }
        return leaf;
    }

    private static String requireReason(String reason) {
        if (blank(reason)) throw new LedgerException(ErrorCode.REASON_REQUIRED, "reason", "a reason is required");
        return reason.strip();
    }

    @CommandHandler
    long handle(CorrectPublishedScore command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.ADMIN);
        requireStage(Stage.PUBLISHED, "only published figures are corrected this way");
        LeafRule leaf = applicable(leaf(indexSets, command.criterion(), null));
        BigDecimal points = pointsWithin(leaf, command.points());
        String reason = requireReason(command.reason());
        if (blank(command.reference())) {
            throw new LedgerException(ErrorCode.REFERENCE_REQUIRED, "reference",
                    "a correction after publication needs a reference to the correcting document");
        }
        Map<String, BigDecimal> scores = leaf.source() == ScoringSource.EVIDENCE ? appraisedScores : surveyScores;
        BigDecimal previous = scores.get(leaf.code());
        if (previous != null && previous.compareTo(points) == 0) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "points", leaf.code() + " already has " + points);
        }
        apply(new PublishedScoreCorrected(assessment, leaf.code(), leaf.source(), previous, points, reason,
                command.reference().strip(), actor));
        return getVersion();
    }

    /** The verified figures, unranked, for publication. */
    PublishedRank verifiedRank() {
        return new PublishedRank(assessment.unit(), 0, Totals.index(verifiedPoints, verifiedMaximum), verifiedPoints,
                verifiedMaximum);
    }

    /** Applied by {@link Publications} to every assessment of the published level and year. */
    void publish(List<PublishedRank> ranks, PublishResults command, Actor actor) {
        requireStage(Stage.VERIFIED, "only a verified assessment is published");
        PublishedRank mine = ranks.stream().filter(r -> r.unit().equals(assessment.unit())).findFirst()
                .orElseThrow(() -> new IllegalStateException(assessment + " is missing from its publication"));
        apply(new AssessmentPublished(assessment, command.decision().strip(), command.decidedOn(), mine.index(),
                mine.rank(), ranks.size(), actor));
    }

    @CommandHandler
    long handle(SendPreliminaryResults command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.COUNCIL);
        Permissions.requireNoneOf(command.principal(), selfAssessors, "send the appraisal results of", "took part in self-assessing");
        requireStage(Stage.APPRAISAL, "preliminary results are sent once, during appraisal");
        apply(new PreliminaryResultsSent(assessment, totals(rules(indexSets)).appraisedWithSurvey(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(ContestAppraisal command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.assessorOf(command.principal(), assessment.unit());
        Permissions.requireNoneOf(command.principal(), appraisers, "contest the appraisal of", "appraised leaves of");
        requireStage(Stage.FEEDBACK, "a leaf is contested during the feedback round");
        LeafRule leaf = appraisedLeaf(indexSets, command.criterion());
        if (blank(command.explanation())) {
            throw new LedgerException(ErrorCode.REASON_REQUIRED, "explanation", "a contest needs an explanation (giải trình)");
        }
        if (openContests.contains(leaf.code())) {
            throw new LedgerException(ErrorCode.NOTHING_TO_CORRECT, "criterion", leaf.code() + " is already contested");
        }
        apply(new AppraisalContested(assessment, leaf.code(), appraisedScores.get(leaf.code()),
                command.explanation().strip(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(AcceptAppraisal command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.assessorOf(command.principal(), assessment.unit());
        Permissions.requireNoneOf(command.principal(), appraisers, "accept the appraisal of", "appraised leaves of");
        requireStage(Stage.FEEDBACK, "a leaf's appraisal is accepted during the feedback round");
        LeafRule leaf = appraisedLeaf(indexSets, command.criterion());
        apply(new AppraisalAccepted(assessment, leaf.code(), appraisedScores.get(leaf.code()), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(DecideContest command, IndexSetCatalog indexSets, UnitDirectory units) {
        Permissions.requireRole(command.principal(), Role.APPRAISER, Role.COUNCIL);
        requireStage(Stage.FEEDBACK, "contests are decided during the feedback round");
        LeafRule leaf = leaf(indexSets, command.criterion(), ScoringSource.EVIDENCE);
        Actor actor = Permissions.appraiserOf(command.principal(), leaf, jurisdiction -> inJurisdiction(units, jurisdiction), within);
        Permissions.requireNoneOf(command.principal(), selfAssessors, "decide a contest on", "took part in self-assessing");
        if (!openContests.contains(leaf.code())) {
            throw new LedgerException(ErrorCode.NO_OPEN_CONTEST, "criterion", "no contest is open on " + leaf.code());
        }
        BigDecimal points = pointsWithin(leaf, command.points());
        BigDecimal previous = appraisedScores.get(leaf.code());
        apply(new ContestDecided(assessment, leaf.code(), previous, points, previous.compareTo(points) == 0,
                requireReason(command.reason()), actor));
        return getVersion();
    }

    /**
     * Whether the assessed unit is in the jurisdiction: the province whose round the assessment is in, or the unit
     * itself or one above it by its parents, as registered.
     */
    private boolean inJurisdiction(UnitDirectory units, String jurisdiction) {
        if (within != null && within.value().equals(jurisdiction)) return true;
        return units.withParents(assessment.unit()).stream().anyMatch(unit -> unit.unit().value().equals(jurisdiction));
    }

    /** An applicable evidence leaf that has an appraised score the unit can respond to. */
    private LeafRule appraisedLeaf(IndexSetCatalog indexSets, String criterion) {
        LeafRule leaf = applicable(leaf(indexSets, criterion, ScoringSource.EVIDENCE));
        if (!appraisedScores.containsKey(leaf.code())) {
            throw new LedgerException(ErrorCode.UNKNOWN_CRITERION, "criterion", leaf.code() + " has no appraised score yet");
        }
        return leaf;
    }

    /** Self-assessment closes at the round's deadline, if one was scheduled; time is the ledger's clock. */
    private void requireBeforeDeadline(RoundCatalog rounds) {
        Optional<Instant> deadline = rounds.deadline(assessment.year(), level, within);
        if (deadline.isPresent() && GenericEventMessage.clock.instant().isAfter(deadline.get())) {
            throw new LedgerException(ErrorCode.DEADLINE_PASSED, null, "self-assessment for " + assessment.year()
                    + " closed at " + deadline.get() + "; an admin may extend the deadline");
        }
    }

    private void requireStage(Stage required, String message) {
        requireStage(required, required, required, message);
    }

    private void requireStage(Stage one, Stage other, String message) {
        requireStage(one, other, other, message);
    }

    private void requireStage(Stage one, Stage two, Stage three, String message) {
        if (stage != one && stage != two && stage != three) {
            throw new LedgerException(ErrorCode.WRONG_STAGE, null, message + " (stage is " + stage + ")");
        }
    }

    private Totals totals(IndexSetRules rules) {
        return Totals.of(rules.definition().leafRules().values(), selfScores, appraisedScores, surveyScores,
                notApplicable, deductions);
    }

    private IndexSetRules rules(IndexSetCatalog indexSets) {
        return indexSets.find(indexSet).orElseThrow(() -> new IllegalStateException(
                "index set " + indexSet + " of " + assessment + " is missing from the ledger"));
    }

    /** The scorable leaf with this code; with an expected source, refused if its points come from elsewhere. */
    private LeafRule leaf(IndexSetCatalog indexSets, String criterion, ScoringSource expected) {
        LeafRule leaf = rules(indexSets).leaf(criterion).orElseThrow(() -> new LedgerException(ErrorCode.UNKNOWN_CRITERION,
                "criterion", "index set " + indexSet + " has no scorable criterion " + criterion));
        if (expected != null && leaf.source() != expected) {
            throw expected == ScoringSource.EVIDENCE
                    ? new LedgerException(ErrorCode.SURVEY_SCORED_CRITERION, "criterion",
                    "criterion " + leaf.code() + " is scored by the sociological survey, not by evidence")
                    : new LedgerException(ErrorCode.EVIDENCE_SCORED_CRITERION, "criterion",
                    "criterion " + leaf.code() + " is scored from evidence, not by the survey");
        }
        return leaf;
    }

    private static BigDecimal pointsWithin(LeafRule leaf, BigDecimal requested) {
        BigDecimal points = Points.normalise(requested, "points");
        if (points.signum() < 0 || points.compareTo(leaf.maximum()) > 0) {
            throw new LedgerException(ErrorCode.POINTS_OUT_OF_RANGE, "points", "criterion " + leaf.code()
                    + " takes 0 to " + leaf.maximum().toPlainString() + " points, not " + points.toPlainString());
        }
        return points;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @EventSourcingHandler
    void on(AssessmentOpened event) {
        id = StreamIds.assessment(event.assessment());
        assessment = event.assessment();
        level = event.level();
        within = event.within();
        indexSet = event.indexSet();
        stage = Stage.SELF_ASSESSMENT;
    }

    @EventSourcingHandler
    void on(SelfScoreRecorded event) {
        selfScores.put(event.criterion(), event.points());
        selfAssessors.add(event.actor().userId());
    }

    @EventSourcingHandler
    void on(SelfAssessmentSubmitted event) {
        stage = Stage.APPRAISAL;
        selfAssessors.add(event.actor().userId());
    }

    @EventSourcingHandler
    void on(AppraisedScoreRecorded event) {
        appraisedScores.put(event.criterion(), event.points());
        appraisers.add(event.actor().userId());
    }

    @EventSourcingHandler
    void on(PreliminaryResultsSent event) {
        stage = Stage.FEEDBACK;
    }

    @EventSourcingHandler
    void on(AppraisalContested event) {
        openContests.add(event.criterion());
        selfAssessors.add(event.actor().userId());
    }

    @EventSourcingHandler
    void on(AppraisalAccepted event) {
        selfAssessors.add(event.actor().userId());
    }

    @EventSourcingHandler
    void on(ContestDecided event) {
        openContests.remove(event.criterion());
        appraisedScores.put(event.criterion(), event.points());
        appraisers.add(event.actor().userId());
    }

    @EventSourcingHandler
    void on(DeductionRecorded event) {
        deductions = deductions.add(event.points());
    }

    @EventSourcingHandler
    void on(AssessmentVerified event) {
        stage = Stage.VERIFIED;
        verifiedPoints = event.points();
        verifiedMaximum = event.attainableMaximum();
    }

    @EventSourcingHandler
    void on(AssessmentPublished event) {
        stage = Stage.PUBLISHED;
    }

    @EventSourcingHandler
    void on(PublishedScoreCorrected event) {
        (event.source() == ScoringSource.EVIDENCE ? appraisedScores : surveyScores).put(event.criterion(), event.corrected());
    }

    @EventSourcingHandler
    void on(CriterionMarkedNotApplicable event) {
        notApplicable.add(event.criterion());
        selfAssessors.add(event.actor().userId());
    }

    @EventSourcingHandler
    void on(CriterionMarkedApplicable event) {
        notApplicable.remove(event.criterion());
        selfAssessors.add(event.actor().userId());
    }

    @EventSourcingHandler
    void on(SurveyScoreRecorded event) {
        surveyScores.put(event.criterion(), event.points());
    }
}
