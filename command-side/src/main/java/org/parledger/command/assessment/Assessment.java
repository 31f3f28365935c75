package org.parledger.command.assessment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AcceptAppraisal;
import org.parledger.api.assessment.AppraisalAccepted;
import org.parledger.api.assessment.AppraisalContested;
import org.parledger.api.assessment.AppraisedScoreRecorded;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.CheckAppraisedScores;
import org.parledger.api.assessment.CheckSelfScores;
import org.parledger.api.assessment.ContestAppraisal;
import org.parledger.api.assessment.ContestDecided;
import org.parledger.api.assessment.CorrectPublishedScore;
import org.parledger.api.assessment.CriterionMarkedApplicable;
import org.parledger.api.assessment.CriterionMarkedNotApplicable;
import org.parledger.api.assessment.DecideContest;
import org.parledger.api.assessment.DeductionRecorded;
import org.parledger.api.assessment.MarkCriterionApplicable;
import org.parledger.api.assessment.MarkCriterionNotApplicable;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.assessment.PreliminaryResultsSent;
import org.parledger.api.assessment.PublishResults;
import org.parledger.api.assessment.PublishedRank;
import org.parledger.api.assessment.PublishedScoreCorrected;
import org.parledger.api.assessment.RecordAppraisedScore;
import org.parledger.api.assessment.RecordAppraisedScores;
import org.parledger.api.assessment.RecordDeduction;
import org.parledger.api.assessment.RecordSelfScore;
import org.parledger.api.assessment.RecordSelfScores;
import org.parledger.api.assessment.RecordSurveyScore;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.SelfScoreRecorded;
import org.parledger.api.assessment.SendPreliminaryResults;
import org.parledger.api.assessment.Stage;
import org.parledger.api.assessment.SubmitSelfAssessment;
import org.parledger.api.assessment.SurveyScoreRecorded;
import org.parledger.api.assessment.Totals;
import org.parledger.api.assessment.VerifyAssessment;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Level;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.evidence.EvidenceCatalog;
import org.parledger.command.indexset.IndexSetCatalog;
import org.parledger.command.indexset.IndexSetRules;
import org.parledger.command.support.Permissions;
import org.parledger.command.support.RecordedRequests;
import org.parledger.command.support.StaleCopies;
import org.parledger.command.unit.UnitDirectory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One unit's score for one year, from self-assessment through appraisal to verification. Each unit-year is its own stream, so
 * scoring one unit never locks another. Rules (maxima, scoring sources) are read from the index set when a
 * command arrives, so a rule correction applies to every later command. Every handler answers with the
 * stream's version after its event, which a client sends back to have a stale change refused.
 * <p>
 * The aggregate holds the state and decides who may act and at which stage; what a change must satisfy lives in one
 * small rule object per stage ({@link Opening}, {@link SelfAssessment}, {@link Appraisal}, {@link Feedback},
 * {@link FinalFigures}, over the index set's {@link Leaves}), which returns the event or refuses. Event sourcing
 * handlers only assign.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver", cache = "assessmentCache",
        snapshotTriggerDefinition = "assessmentSnapshotTrigger", snapshotFilter = "assessmentSnapshotFilter")
// The snapshot's shape: raised whenever a field is added, so that older snapshots are ignored, not half-read.
@Revision(Assessment.SNAPSHOT_REVISION)
// A snapshot is this object's fields as JSON (not final, so that Jackson can restore them); nothing else is serialised.
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Assessment {
    /**
     * 2: who took part in self-assessment and appraisal (separation of duties); 3: the round's province; 4: the requests
     * that recorded the latest changes.
     */
    public static final String SNAPSHOT_REVISION = "4";
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
    @AggregateMember
    private RecordedRequests requests = new RecordedRequests();

    /** For Axon, and for Jackson when it reads a snapshot. */
    @JsonCreator
    protected Assessment() {
    }

    /**
     * Loaded when its stream exists (rather than a constructor's new stream every time): so that a retry of the request
     * that opened it is answered by {@link #answeredBefore} as the first attempt was, and any other second opening is
     * refused here, before anything is stored.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(OpenAssessment command, UnitDirectory units, IndexSetCatalog indexSets) {
        AssessmentOpened opened = Opening.opened(command, units, indexSets);
        if (id != null) {
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, null, "the " + assessment.year() + " assessment of "
                    + assessment.unit().value() + " is already open");
        }
        apply(opened);
        return getVersion();
    }

    /**
     * Whether this assessment's stream recorded the request of the command being handled (see {@link RecordedRequests}):
     * for the handlers that change many assessments in one unit of work (survey results, a publication), one of them
     * having recorded it means that all of them did.
     */
    static boolean recordedTheRequestBeingHandled(Repository<Assessment> assessments, AssessmentId assessment) {
        try {
            return assessments.load(StreamIds.assessment(assessment)).invoke(a -> a.requests)
                    .recorded((CommandMessage<?>) CurrentUnitOfWork.get().getMessage()).isPresent();
        } catch (AggregateNotFoundException e) {
            return false;
        }
    }

    /**
     * A retry of a change this stream already recorded is answered as the first time was (see {@link RecordedRequests});
     * a refusal, or a check's report of them, says which version of the stream it was decided on (see {@link StaleCopies}).
     */
    @CommandHandlerInterceptor
    Object answeredBefore(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        try {
            Object answer = requests.answerOrProceed(command, chain);
            if (StaleCopies.isReportOfRefusals(answer)) StaleCopies.refusedOn(id, getVersion(), null);
            return answer;
        } catch (LedgerException refused) {
            throw StaleCopies.refusedOn(id, getVersion(), refused);
        }
    }

    // Self-assessment: the unit's assessor, before the round's deadline and the submission.

    @CommandHandler
    long handle(RecordSelfScore command, IndexSetCatalog indexSets, RoundCatalog rounds, EvidenceCatalog files) {
        Actor actor = selfAssessing(command.principal(), rounds);
        apply(selfAssessment().score(leaves(indexSets), files, command.criterion(), command.points(), command.evidence(),
                command.explanation(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(RecordSelfScores command, IndexSetCatalog indexSets, RoundCatalog rounds, EvidenceCatalog files) {
        Actor actor = selfAssessing(command.principal(), rounds);
        Leaves leaves = leaves(indexSets);
        SelfAssessment rules = selfAssessment();
        LeafBatch.each(command.leaves(), RecordSelfScores.MAX_LEAVES, RecordSelfScores.Leaf::criterion,
                        leaf -> rules.score(leaves, files, leaf.criterion(), leaf.points(), leaf.evidence(), leaf.explanation(), actor))
                .forEach(AggregateLifecycle::apply);
        return getVersion();
    }

    /** The refusals each leaf of a self-assessment sheet would meet; records nothing. */
    @CommandHandler
    List<LedgerError> handle(CheckSelfScores command, IndexSetCatalog indexSets, RoundCatalog rounds, EvidenceCatalog files) {
        Actor actor = selfAssessing(command.principal(), rounds);
        Leaves leaves = leaves(indexSets);
        SelfAssessment rules = selfAssessment();
        return LeafBatch.problems(command.leaves(), RecordSelfScores.MAX_LEAVES, RecordSelfScores.Leaf::criterion,
                leaf -> rules.score(leaves, files, leaf.criterion(), leaf.points(), leaf.evidence(), leaf.explanation(), actor));
    }

    @CommandHandler
    long handle(MarkCriterionNotApplicable command, IndexSetCatalog indexSets, RoundCatalog rounds) {
        Actor actor = selfAssessing(command.principal(), rounds,
                "a criterion can be marked not applicable only during self-assessment");
        apply(selfAssessment().notApplicable(leaves(indexSets), command.criterion(), command.reason(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(MarkCriterionApplicable command, IndexSetCatalog indexSets, RoundCatalog rounds) {
        Actor actor = selfAssessing(command.principal(), rounds,
                "a not-applicable mark can be withdrawn only during self-assessment");
        apply(selfAssessment().applicableAgain(leaves(indexSets), command.criterion(), command.reason(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(SubmitSelfAssessment command, RoundCatalog rounds) {
        Actor actor = selfAssessing(command.principal(), rounds, "the self-assessment has already been submitted");
        apply(selfAssessment().submission(actor));
        return getVersion();
    }

    // Appraisal: appraisers of the leaf's agency and the council, from the submission until verification.

    @CommandHandler
    long handle(RecordAppraisedScore command, IndexSetCatalog indexSets, UnitDirectory units) {
        appraising(command.principal());
        apply(appraisal().score(leaves(indexSets), units, command.criterion(), command.points(), command.reason(),
                command.principal()));
        return getVersion();
    }

    @CommandHandler
    long handle(RecordAppraisedScores command, IndexSetCatalog indexSets, UnitDirectory units) {
        appraising(command.principal());
        Leaves leaves = leaves(indexSets);
        Appraisal rules = appraisal();
        LeafBatch.each(command.leaves(), RecordSelfScores.MAX_LEAVES, RecordAppraisedScores.Leaf::criterion,
                        leaf -> rules.score(leaves, units, leaf.criterion(), leaf.points(), leaf.reason(), command.principal()))
                .forEach(AggregateLifecycle::apply);
        return getVersion();
    }

    /** The refusals each leaf of an appraisal sheet would meet; records nothing. */
    @CommandHandler
    List<LedgerError> handle(CheckAppraisedScores command, IndexSetCatalog indexSets, UnitDirectory units) {
        appraising(command.principal());
        Leaves leaves = leaves(indexSets);
        Appraisal rules = appraisal();
        return LeafBatch.problems(command.leaves(), RecordSelfScores.MAX_LEAVES, RecordAppraisedScores.Leaf::criterion,
                leaf -> rules.score(leaves, units, leaf.criterion(), leaf.points(), leaf.reason(), command.principal()));
    }

    @CommandHandler
    long handle(RecordDeduction command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.COUNCIL);
        Permissions.requireNoneOf(command.principal(), selfAssessors, "take points off", "took part in self-assessing");
        requireStage("deductions are recorded during appraisal, before verification", Stage.APPRAISAL, Stage.FEEDBACK);
        apply(appraisal().deduction(command.points(), totals(leaves(indexSets)).attainableMaximum(), command.reason(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(SendPreliminaryResults command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.COUNCIL);
        Permissions.requireNoneOf(command.principal(), selfAssessors, "send the appraisal results of", "took part in self-assessing");
        requireStage("preliminary results are sent once, during appraisal", Stage.APPRAISAL);
        apply(new PreliminaryResultsSent(assessment, totals(leaves(indexSets)).appraisedWithSurvey(), actor));
        return getVersion();
    }

    // Feedback: the unit answers the preliminary results leaf by leaf; an appraiser decides each contest.

    @CommandHandler
    long handle(ContestAppraisal command, IndexSetCatalog indexSets) {
        Actor actor = answeringAppraisal(command.principal(), "contest the appraisal of",
                "a leaf is contested during the feedback round");
        apply(feedback().contest(leaves(indexSets), command.criterion(), command.explanation(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(AcceptAppraisal command, IndexSetCatalog indexSets) {
        Actor actor = answeringAppraisal(command.principal(), "accept the appraisal of",
                "a leaf's appraisal is accepted during the feedback round");
        apply(feedback().acceptance(leaves(indexSets), command.criterion(), actor));
        return getVersion();
    }

    @CommandHandler
    long handle(DecideContest command, IndexSetCatalog indexSets, UnitDirectory units) {
        Permissions.requireRole(command.principal(), Role.APPRAISER, Role.COUNCIL);
        requireStage("contests are decided during the feedback round", Stage.FEEDBACK);
        LeafRule leaf = leaves(indexSets).leaf(command.criterion(), ScoringSource.EVIDENCE);
        Actor actor = appraisal().appraiser(command.principal(), leaf, units);
        apply(feedback().decision(leaf, command.points(), command.reason(), actor));
        return getVersion();
    }

    // Survey: the survey's own account, for survey-scored leaves, until verification.

    @CommandHandler
    long handle(RecordSurveyScore command, IndexSetCatalog indexSets) {
        recordSurvey(indexSets, command.criterion(), command.points(), Permissions.actingAs(command.principal(), Role.SURVEY));
        return getVersion();
    }

    /** Also applied by {@link SurveyResults} for a whole level and year at once; the actor acts as SURVEY. */
    void recordSurvey(IndexSetCatalog indexSets, String criterion, BigDecimal requested, Actor actor) {
        apply(surveyScore(indexSets, criterion, requested, actor));
    }

    /** The event a survey score would record, or the refusal of it (also asked by {@link SurveyResults} to check a sheet). */
    SurveyScoreRecorded surveyScore(IndexSetCatalog indexSets, String criterion, BigDecimal requested, Actor actor) {
        requireStage("survey points are recorded before verification", Stage.SELF_ASSESSMENT, Stage.APPRAISAL, Stage.FEEDBACK);
        LeafRule leaf = leaves(indexSets).applicable(criterion, ScoringSource.SURVEY);
        BigDecimal points = Leaves.pointsWithin(leaf, requested);
        return new SurveyScoreRecorded(assessment, leaf.code(), surveyScores.get(leaf.code()), points, actor);
    }

    // Verification and publication: the council, which took no part in self-assessing or appraising.

    @CommandHandler
    long handle(VerifyAssessment command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.COUNCIL);
        Permissions.requireNoneOf(command.principal(), selfAssessors, "verify", "took part in self-assessing");
        Permissions.requireNoneOf(command.principal(), appraisers, "verify", "appraised leaves of");
        requireStage("only a submitted assessment under appraisal can be verified", Stage.APPRAISAL, Stage.FEEDBACK);
        Leaves leaves = leaves(indexSets);
        apply(finalFigures().verified(leaves, totals(leaves), actor));
        return getVersion();
    }

    /** The verified figures, unranked, for publication. */
    PublishedRank verifiedRank() {
        // The registry said verified; a copy this node kept from before says otherwise (see StaleCopies).
        requireStage("only a verified assessment is published", Stage.VERIFIED);
        return new PublishedRank(assessment.unit(), 0, Totals.index(verifiedPoints, verifiedMaximum), verifiedPoints,
                verifiedMaximum);
    }

    /** Applied by {@link Publications} to every assessment of the published level and year. */
    void publish(List<PublishedRank> ranks, PublishResults command, Actor actor) {
        requireStage("only a verified assessment is published", Stage.VERIFIED);
        PublishedRank mine = ranks.stream().filter(r -> r.unit().equals(assessment.unit())).findFirst()
                .orElseThrow(() -> new IllegalStateException(assessment + " is missing from its publication"));
        apply(new AssessmentPublished(assessment, command.decision().strip(), command.decidedOn(), mine.index(),
                mine.rank(), ranks.size(), actor));
    }

    @CommandHandler
    long handle(CorrectPublishedScore command, IndexSetCatalog indexSets) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.ADMIN);
        requireStage("only published figures are corrected this way", Stage.PUBLISHED);
        apply(finalFigures().correction(leaves(indexSets), command.criterion(), command.points(), command.reason(),
                command.reference(), actor));
        return getVersion();
    }

    Level level() {
        return level;
    }

    /** The province whose round the assessment is in; null for the national round. */
    UnitCode within() {
        return within;
    }

    // Who may act, and when.

    /** The unit's assessor, before the round's deadline and while the self-assessment is not submitted. */
    private Actor selfAssessing(Principal principal, RoundCatalog rounds) {
        return selfAssessing(principal, rounds, "self-scores can only be recorded before the self-assessment is submitted");
    }

    private Actor selfAssessing(Principal principal, RoundCatalog rounds, String otherwise) {
        Actor actor = Permissions.assessorOf(principal, assessment.unit());
        requireBeforeDeadline(rounds);
        requireStage(otherwise, Stage.SELF_ASSESSMENT);
        return actor;
    }

    /** An appraiser or the council, while appraised scores may be recorded (the leaf's agency is checked per leaf). */
    private void appraising(Principal principal) {
        Permissions.requireRole(principal, Role.APPRAISER, Role.COUNCIL);
        requireStage("appraisal starts only after the unit has submitted its self-assessment, and ends with verification",
                Stage.APPRAISAL, Stage.FEEDBACK);
    }

    /** The unit's assessor answering the preliminary results, who appraised none of its leaves. */
    private Actor answeringAppraisal(Principal principal, String action, String otherwise) {
        Actor actor = Permissions.assessorOf(principal, assessment.unit());
        Permissions.requireNoneOf(principal, appraisers, action, "appraised leaves of");
        requireStage(otherwise, Stage.FEEDBACK);
        return actor;
    }

    /** Self-assessment closes at the round's deadline, if one was scheduled; time is the ledger's clock. */
    private void requireBeforeDeadline(RoundCatalog rounds) {
        Optional<Instant> deadline = rounds.deadline(assessment.year(), level, within);
        if (deadline.isPresent() && GenericEventMessage.clock.instant().isAfter(deadline.get())) {
            throw new LedgerException(ErrorCode.DEADLINE_PASSED, null, "self-assessment for " + assessment.year()
                    + " closed at " + deadline.get() + "; an admin may extend the deadline");
        }
    }

    private void requireStage(String otherwise, Stage... allowed) {
        for (Stage open : allowed) {
            if (stage == open) return;
        }
        throw new LedgerException(ErrorCode.WRONG_STAGE, null, otherwise + " (stage is " + stage + ")");
    }

    // The rules of each stage, over this assessment's state; built per command, never kept.

    /** The index set's rules in force now, read once per command. */
    private Leaves leaves(IndexSetCatalog indexSets) {
        IndexSetRules rules = indexSets.find(indexSet).orElseThrow(() -> new IllegalStateException(
                "index set " + indexSet + " of " + assessment + " is missing from the ledger"));
        return new Leaves(indexSet, rules, notApplicable);
    }

    private SelfAssessment selfAssessment() {
        return new SelfAssessment(assessment, selfScores, notApplicable);
    }

    private Appraisal appraisal() {
        return new Appraisal(assessment, within, selfScores, appraisedScores, selfAssessors, deductions);
    }

    private Feedback feedback() {
        return new Feedback(assessment, appraisedScores, openContests);
    }

    private FinalFigures finalFigures() {
        return new FinalFigures(assessment, appraisedScores, surveyScores, openContests);
    }

    private Totals totals(Leaves leaves) {
        return Totals.of(leaves.all(), selfScores, appraisedScores, surveyScores, notApplicable, deductions);
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
