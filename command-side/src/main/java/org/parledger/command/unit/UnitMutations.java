package org.parledger.command.unit;

import graphql.GraphQLContext;
import org.parledger.api.common.Level;
import org.parledger.api.unit.AssignRegion;
import org.parledger.api.unit.Division;
import org.parledger.api.unit.Merger;
import org.parledger.api.unit.RegisterUnit;
import org.parledger.api.unit.Renaming;
import org.parledger.api.unit.ReorganiseUnits;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.support.Accepted;
import org.parledger.command.support.CommandSender;
import org.parledger.command.support.CurrentActor;
import org.parledger.api.common.Inputs;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

@Controller
class UnitMutations {
    record RegisterUnitInput(String code, String name, Level level, String parent, LocalDate establishedOn) {
    }

    record AssignRegionInput(String unit, String region, LocalDate effectiveOn, String reason) {
    }

    record MergerInput(String successor, List<String> predecessors) {
    }

    record DivisionInput(String unit, List<String> successors) {
    }

    record RenamingInput(String unit, String name) {
    }

    record ReorganiseUnitsInput(String decision, LocalDate effectiveOn, List<MergerInput> mergers,
                                List<DivisionInput> divisions, List<RenamingInput> renamings, List<String> cessations) {
    }

    private final CommandSender commands;
    private final CurrentActor actors;

    UnitMutations(CommandSender commands, CurrentActor actors) {
        this.commands = commands;
        this.actors = actors;
    }

    @MutationMapping
    Accepted registerUnit(@Argument RegisterUnitInput input, GraphQLContext context) {
        RegisterUnit command = new RegisterUnit(Inputs.unit(input.code(), "input.code"), input.name(), input.level(),
                input.parent() == null ? null : Inputs.unit(input.parent(), "input.parent"), input.establishedOn(),
                actors.of(context));
        return commands.send(command);
    }

    @MutationMapping
    Accepted assignRegion(@Argument AssignRegionInput input, GraphQLContext context) {
        return commands.send(new AssignRegion(Inputs.unit(input.unit(), "input.unit"), input.region(),
                input.effectiveOn(), input.reason(), actors.of(context)));
    }

    @MutationMapping
    Accepted reorganiseUnits(@Argument ReorganiseUnitsInput input, GraphQLContext context) {
        ReorganiseUnits command = new ReorganiseUnits(input.decision(), input.effectiveOn(),
                each(input.mergers(), m -> new Merger(Inputs.unit(m.successor(), "input.mergers.successor"),
                        codes(m.predecessors(), "input.mergers.predecessors"))),
                each(input.divisions(), d -> new Division(Inputs.unit(d.unit(), "input.divisions.unit"),
                        codes(d.successors(), "input.divisions.successors"))),
                each(input.renamings(), r -> new Renaming(Inputs.unit(r.unit(), "input.renamings.unit"), r.name())),
                codes(input.cessations(), "input.cessations"), actors.of(context));
        return commands.send(command);
    }

    private static <I, O> List<O> each(List<I> inputs, Function<I, O> convert) {
        return inputs == null ? List.of() : inputs.stream().map(convert).toList();
    }

    private static List<UnitCode> codes(List<String> codes, String field) {
        return each(codes, code -> Inputs.unit(code, field));
    }
}
