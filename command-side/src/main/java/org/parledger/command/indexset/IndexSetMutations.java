package org.parledger.command.indexset;

import graphql.GraphQLContext;
import org.parledger.api.indexset.ClassificationBand;
import org.parledger.api.indexset.CorrectAppraisingAgency;
import org.parledger.api.indexset.CorrectApplicability;
import org.parledger.api.indexset.CorrectClassificationBands;
import org.parledger.api.indexset.CorrectMaxima;
import org.parledger.api.indexset.CorrectScoringSource;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.MaximumCorrection;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.command.support.Accepted;
import org.parledger.command.support.CommandSender;
import org.parledger.command.support.CurrentActor;
import org.parledger.api.common.Inputs;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.util.List;

@Controller
class IndexSetMutations {
    private final CommandSender commands;
    private final CurrentActor actors;

    IndexSetMutations(CommandSender commands, CurrentActor actors) {
        this.commands = commands;
        this.actors = actors;
    }

    @MutationMapping
    Accepted defineIndexSet(@Argument String document, @Argument IndexSetDocuments.Format format,
                            GraphQLContext context) {
        return send(new DefineIndexSet(IndexSetDocuments.parse(document, format), actors.of(context)));
    }

    @MutationMapping
    Accepted correctMaxima(@Argument String indexSet, @Argument List<MaximumCorrection> corrections,
                           @Argument String reason, @Argument String reference, GraphQLContext context) {
        return send(new CorrectMaxima(Inputs.indexSet(indexSet, "indexSet"), corrections, reason, reference,
                actors.of(context)));
    }

    @MutationMapping
    Accepted correctScoringSource(@Argument String indexSet, @Argument String code, @Argument ScoringSource source,
                                  @Argument String reason, @Argument String reference, GraphQLContext context) {
        return send(new CorrectScoringSource(Inputs.indexSet(indexSet, "indexSet"), code, source, reason, reference,
                actors.of(context)));
    }

    @MutationMapping
    Accepted correctAppraisingAgency(@Argument String indexSet, @Argument String code, @Argument String agency,
                                     @Argument String reason, @Argument String reference, GraphQLContext context) {
        return send(new CorrectAppraisingAgency(Inputs.indexSet(indexSet, "indexSet"), code,
                agency == null || agency.isBlank() ? null : agency.strip(), reason, reference, actors.of(context)));
    }

    @MutationMapping
    Accepted correctApplicability(@Argument String indexSet, @Argument String code,
                                  @Argument boolean notApplicableAllowed, @Argument String reason,
                                  @Argument String reference, GraphQLContext context) {
        return send(new CorrectApplicability(Inputs.indexSet(indexSet, "indexSet"), code, notApplicableAllowed,
                reason, reference, actors.of(context)));
    }

    @MutationMapping
    Accepted correctClassificationBands(@Argument String indexSet, @Argument List<ClassificationBand> bands,
                                        @Argument String reason, @Argument String reference, GraphQLContext context) {
        return send(new CorrectClassificationBands(Inputs.indexSet(indexSet, "indexSet"), bands, reason, reference,
                actors.of(context)));
    }

    private Accepted send(Object command) {
        return commands.send(command);
    }
}
