package org.parledger.command.unit;

import graphql.GraphQLContext;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.api.common.Level;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.command.support.Accepted;
import org.parledger.command.support.CurrentActor;
import org.parledger.command.support.Inputs;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.time.LocalDate;

@Controller
class UnitMutations {
    record RegisterUnitInput(String code, String name, Level level, String parent, LocalDate establishedOn) {
    }

    private final CommandGateway commands;
    private final CurrentActor actors;

    UnitMutations(CommandGateway commands, CurrentActor actors) {
        this.commands = commands;
        this.actors = actors;
    }

    @MutationMapping
    Accepted registerUnit(@Argument RegisterUnitInput input, GraphQLContext context) {
        RegisterUnit command = new RegisterUnit(Inputs.unit(input.code(), "input.code"), input.name(), input.level(),
                input.parent() == null ? null : Inputs.unit(input.parent(), "input.parent"), input.establishedOn(),
                actors.of(context));
        commands.sendAndWait(command);
        return Accepted.of(command);
    }
}
