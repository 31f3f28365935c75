package org.parledger.command.indexset;

import graphql.GraphQLContext;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.command.support.Accepted;
import org.parledger.command.support.CurrentActor;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

@Controller
class IndexSetMutations {
    private final CommandGateway commands;
    private final CurrentActor actors;

    IndexSetMutations(CommandGateway commands, CurrentActor actors) {
        this.commands = commands;
        this.actors = actors;
    }

    @MutationMapping
    Accepted defineIndexSet(@Argument String document, @Argument IndexSetDocuments.Format format,
                            GraphQLContext context) {
        DefineIndexSet command = new DefineIndexSet(IndexSetDocuments.parse(document, format), actors.of(context));
        commands.sendAndWait(command);
        return Accepted.of(command);
    }
}
