package org.parledger.command.assessment;

import graphql.GraphQLContext;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.MarkCriterionApplicable;
import org.parledger.api.assessment.MarkCriterionNotApplicable;
import org.parledger.api.assessment.AcceptAppraisal;
import org.parledger.api.assessment.ContestAppraisal;
import org.parledger.api.assessment.CorrectPublishedScore;
import org.parledger.api.assessment.ExtendDeadline;
import org.parledger.api.assessment.RecordSurveyResults;
import org.parledger.api.assessment.ScheduleRound;
import org.parledger.api.assessment.SurveyResult;
import org.parledger.api.assessment.DecideContest;
import org.parledger.api.assessment.SendPreliminaryResults;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.assessment.PublishResults;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.assessment.RecordDeduction;
import org.parledger.api.assessment.VerifyAssessment;
import org.parledger.api.assessment.RecordAppraisedScore;
import org.parledger.api.assessment.RecordSelfScore;
import org.parledger.api.assessment.RecordSelfScores;
import org.parledger.api.assessment.RecordAppraisedScores;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.assessment.RecordSurveyScore;
import org.parledger.api.assessment.SubmitSelfAssessment;
import org.parledger.command.support.Accepted;
import org.parledger.command.support.CommandSender;
import org.parledger.command.support.CurrentActor;
import org.parledger.api.common.Inputs;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

@Controller
class AssessmentMutations {
    record RecordSelfScoreInput(String unit, int year, String criterion, BigDecimal points,
                                EvidenceReference evidence, String explanation) {
    }

    record RecordAppraisedScoreInput(String unit, int year, String criterion, BigDecimal points, String reason) {
    }

    record RecordSurveyScoreInput(String unit, int year, String criterion, BigDecimal points) {
    }

    record SurveyResultInput(String unit, String criterion, BigDecimal points) {
    }

    record SelfScoreInput(String criterion, BigDecimal points, EvidenceReference evidence, String explanation) {
    }

    record AppraisedScoreInput(String criterion, BigDecimal points, String reason) {
    }

    private final CommandSender commands;
    private final CurrentActor actors;

    AssessmentMutations(CommandSender commands, CurrentActor actors) {
        this.commands = commands;
        this.actors = actors;
    }

    @MutationMapping
    Accepted openAssessment(@Argument String unit, @Argument int year, @Argument String indexSet,
                            @Argument String requestId, GraphQLContext context) {
        return commands.send(new OpenAssessment(Inputs.assessment(unit, year, ""), Inputs.indexSet(indexSet, "indexSet"),
                actors.of(context)), requestId, null);
    }

    @MutationMapping
    Accepted recordSelfScore(@Argument RecordSelfScoreInput input, @Argument String requestId,
                             @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new RecordSelfScore(Inputs.assessment(input.unit(), input.year(), "input."), input.criterion(),
                input.points(), input.evidence(), input.explanation(), actors.of(context)));
    }

    @MutationMapping
    Accepted recordSelfScores(@Argument String unit, @Argument int year, @Argument List<SelfScoreInput> leaves,
                              @Argument String requestId, @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new RecordSelfScores(Inputs.assessment(unit, year, ""), leaves.stream()
                .map(l -> new RecordSelfScores.Leaf(l.criterion(), l.points(), l.evidence(), l.explanation())).toList(),
                actors.of(context)));
    }

    @MutationMapping
    Accepted recordAppraisedScores(@Argument String unit, @Argument int year, @Argument List<AppraisedScoreInput> leaves,
                                   @Argument String requestId, @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new RecordAppraisedScores(Inputs.assessment(unit, year, ""), leaves.stream()
                .map(l -> new RecordAppraisedScores.Leaf(l.criterion(), l.points(), l.reason())).toList(), actors.of(context)));
    }

    @MutationMapping
    Accepted submitSelfAssessment(@Argument String unit, @Argument int year, @Argument String requestId,
                                  @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new SubmitSelfAssessment(Inputs.assessment(unit, year, ""), actors.of(context)));
    }

    @MutationMapping
    Accepted recordAppraisedScore(@Argument RecordAppraisedScoreInput input, @Argument String requestId,
                                  @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new RecordAppraisedScore(Inputs.assessment(input.unit(), input.year(), "input."),
                input.criterion(), input.points(), input.reason(), actors.of(context)));
    }

    @MutationMapping
    Accepted recordSurveyScore(@Argument RecordSurveyScoreInput input, @Argument String requestId,
                               @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new RecordSurveyScore(Inputs.assessment(input.unit(), input.year(), "input."),
                input.criterion(), input.points(), actors.of(context)));
    }

    @MutationMapping
    Accepted markNotApplicable(@Argument String unit, @Argument int year, @Argument String criterion,
                               @Argument String reason, @Argument String requestId, @Argument Integer expectedVersion,
                               GraphQLContext context) {
        return send(requestId, expectedVersion, new MarkCriterionNotApplicable(Inputs.assessment(unit, year, ""), criterion, reason, actors.of(context)));
    }

    @MutationMapping
    Accepted markApplicable(@Argument String unit, @Argument int year, @Argument String criterion,
                            @Argument String reason, @Argument String requestId, @Argument Integer expectedVersion,
                            GraphQLContext context) {
        return send(requestId, expectedVersion, new MarkCriterionApplicable(Inputs.assessment(unit, year, ""), criterion, reason, actors.of(context)));
    }

    @MutationMapping
    Accepted recordDeduction(@Argument String unit, @Argument int year, @Argument BigDecimal points,
                             @Argument String reason, @Argument String requestId, @Argument Integer expectedVersion,
                             GraphQLContext context) {
        return send(requestId, expectedVersion, new RecordDeduction(Inputs.assessment(unit, year, ""), points, reason,
                actors.of(context)));
    }

    @MutationMapping
    Accepted verifyAssessment(@Argument String unit, @Argument int year, @Argument String requestId,
                              @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new VerifyAssessment(Inputs.assessment(unit, year, ""), actors.of(context)));
    }

    @MutationMapping
    Accepted sendPreliminaryResults(@Argument String unit, @Argument int year, @Argument String requestId,
                                    @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new SendPreliminaryResults(Inputs.assessment(unit, year, ""), actors.of(context)));
    }

    @MutationMapping
    Accepted contestAppraisal(@Argument String unit, @Argument int year, @Argument String criterion,
                              @Argument String explanation, @Argument String requestId,
                              @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new ContestAppraisal(Inputs.assessment(unit, year, ""), criterion,
                explanation, actors.of(context)));
    }

    @MutationMapping
    Accepted acceptAppraisal(@Argument String unit, @Argument int year, @Argument String criterion,
                             @Argument String requestId, @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new AcceptAppraisal(Inputs.assessment(unit, year, ""), criterion,
                actors.of(context)));
    }

    @MutationMapping
    Accepted decideContest(@Argument String unit, @Argument int year, @Argument String criterion,
                           @Argument BigDecimal points, @Argument String reason, @Argument String requestId,
                           @Argument Integer expectedVersion, GraphQLContext context) {
        return send(requestId, expectedVersion, new DecideContest(Inputs.assessment(unit, year, ""), criterion, points,
                reason, actors.of(context)));
    }

    @MutationMapping
    Accepted scheduleRound(@Argument int year, @Argument Level level, @Argument Instant selfAssessmentDeadline,
                           @Argument String within, GraphQLContext context) {
        return commands.send(new ScheduleRound(year, level, selfAssessmentDeadline, actors.of(context), round(within)));
    }

    @MutationMapping
    Accepted extendDeadline(@Argument int year, @Argument Level level, @Argument Instant selfAssessmentDeadline,
                            @Argument String reason, @Argument String within, GraphQLContext context) {
        return commands.send(new ExtendDeadline(year, level, selfAssessmentDeadline, reason, actors.of(context), round(within)));
    }

    /** The province named by a round's within argument, or null for the national round. */
    private static UnitCode round(String within) {
        return within == null ? null : Inputs.unit(within, "within");
    }

    @MutationMapping
    Accepted recordSurveyResults(@Argument int year, @Argument Level level, @Argument List<SurveyResultInput> results,
                                 @Argument String requestId, GraphQLContext context) {
        if (results.size() > RecordSurveyResults.MAX_RESULTS) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "results", "a change takes at most " + RecordSurveyResults.MAX_RESULTS
                    + " survey results; send the rest in further changes");
        }
        List<SurveyResult> converted = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            SurveyResultInput r = results.get(i);
            converted.add(new SurveyResult(Inputs.unit(r.unit(), "results[" + i + "].unit"), r.criterion(), r.points()));
        }
        return commands.send(new RecordSurveyResults(year, level, converted, actors.of(context)), requestId, null);
    }

    @MutationMapping
    Accepted publishResults(@Argument int year, @Argument Level level, @Argument String decision,
                            @Argument LocalDate decidedOn, @Argument String requestId, @Argument String within,
                            GraphQLContext context) {
        return commands.send(new PublishResults(year, level, decision, decidedOn, actors.of(context), round(within)),
                requestId, null);
    }

    @MutationMapping
    Accepted correctPublishedScore(@Argument String unit, @Argument int year, @Argument String criterion,
                                   @Argument BigDecimal points, @Argument String reason, @Argument String reference,
                                   @Argument String requestId, @Argument Integer expectedVersion,
                                   GraphQLContext context) {
        return send(requestId, expectedVersion, new CorrectPublishedScore(Inputs.assessment(unit, year, ""), criterion,
                points, reason, reference, actors.of(context)));
    }

    private Accepted send(String requestId, Integer expectedVersion, Object command) {
        return commands.send(command, requestId, expectedVersion);
    }
}
