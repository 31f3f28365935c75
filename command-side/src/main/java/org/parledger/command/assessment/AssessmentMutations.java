package org.parledger.command.assessment;

import graphql.GraphQLContext;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.MarkCriterionApplicable;
import org.parledger.api.assessment.MarkCriterionNotApplicable;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.assessment.RecordAppraisedScore;
import org.parledger.api.assessment.RecordSelfScore;
import org.parledger.api.assessment.RecordSurveyScore;
import org.parledger.api.assessment.SubmitSelfAssessment;
import org.parledger.command.support.Accepted;
import org.parledger.command.support.CurrentActor;
import org.parledger.command.support.Inputs;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.math.BigDecimal;

@Controller
class AssessmentMutations {
    record RecordSelfScoreInput(String unit, int year, String criterion, BigDecimal points,
                                EvidenceReference evidence, String explanation) {
    }

    record RecordAppraisedScoreInput(String unit, int year, String criterion, BigDecimal points, String reason) {
    }

    record RecordSurveyScoreInput(String unit, int year, String criterion, BigDecimal points) {
    }

    private final CommandGateway commands;
    private final CurrentActor actors;

    AssessmentMutations(CommandGateway commands, CurrentActor actors) {
        this.commands = commands;
        this.actors = actors;
    }

    @MutationMapping
    Accepted openAssessment(@Argument String unit, @Argument int year, @Argument String indexSet,
                            GraphQLContext context) {
        return send(new OpenAssessment(Inputs.assessment(unit, year, ""), Inputs.indexSet(indexSet, "indexSet"),
                actors.of(context)));
    }

    @MutationMapping
    Accepted recordSelfScore(@Argument RecordSelfScoreInput input, GraphQLContext context) {
        return send(new RecordSelfScore(Inputs.assessment(input.unit(), input.year(), "input."), input.criterion(),
                input.points(), input.evidence(), input.explanation(), actors.of(context)));
    }

    @MutationMapping
    Accepted submitSelfAssessment(@Argument String unit, @Argument int year, GraphQLContext context) {
        return send(new SubmitSelfAssessment(Inputs.assessment(unit, year, ""), actors.of(context)));
    }

    @MutationMapping
    Accepted recordAppraisedScore(@Argument RecordAppraisedScoreInput input, GraphQLContext context) {
        return send(new RecordAppraisedScore(Inputs.assessment(input.unit(), input.year(), "input."),
                input.criterion(), input.points(), input.reason(), actors.of(context)));
    }

    @MutationMapping
    Accepted recordSurveyScore(@Argument RecordSurveyScoreInput input, GraphQLContext context) {
        return send(new RecordSurveyScore(Inputs.assessment(input.unit(), input.year(), "input."),
                input.criterion(), input.points(), actors.of(context)));
    }

    @MutationMapping
    Accepted markNotApplicable(@Argument String unit, @Argument int year, @Argument String criterion,
                               @Argument String reason, GraphQLContext context) {
        return send(new MarkCriterionNotApplicable(Inputs.assessment(unit, year, ""), criterion, reason, actors.of(context)));
    }

    @MutationMapping
    Accepted markApplicable(@Argument String unit, @Argument int year, @Argument String criterion,
                            @Argument String reason, GraphQLContext context) {
        return send(new MarkCriterionApplicable(Inputs.assessment(unit, year, ""), criterion, reason, actors.of(context)));
    }

    private Accepted send(Object command) {
        commands.sendAndWait(command);
        return Accepted.of(command);
    }
}
