package org.parledger.command.assessment;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.DeadlineExtended;
import org.parledger.api.assessment.ExtendDeadline;
import org.parledger.api.assessment.RoundScheduled;
import org.parledger.api.assessment.ScheduleRound;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Role;
import org.parledger.api.common.Years;
import org.parledger.command.support.Permissions;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.api.unit.UnitCode;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A level's assessment round for a year, national or one province's: after its self-assessment deadline,
 * self-assessment is closed.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver")
public class AssessmentRound {
    @AggregateIdentifier
    private String id;
    private Instant deadline;
    private UnitCode within;

    protected AssessmentRound() {
    }

    @CommandHandler
    public AssessmentRound(ScheduleRound command, UnitDirectory units) {
        Actor actor = Permissions.actingWithin(command.principal(), command.within(), Role.ADMIN);
        Rounds.requireRoundOf(command.level(), command.within(), units);
        Years.require(command.year(), "year");
        if (command.selfAssessmentDeadline() == null) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "selfAssessmentDeadline", "a round needs its deadline");
        }
        apply(new RoundScheduled(command.year(), command.level(), command.selfAssessmentDeadline(), actor, command.within()));
    }

    @CommandHandler
    void handle(ExtendDeadline command) {
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.ADMIN);
        if (command.selfAssessmentDeadline() == null || !command.selfAssessmentDeadline().isAfter(deadline)) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "selfAssessmentDeadline",
                    "an extension moves the deadline later than " + deadline);
        }
        String reason = Reasons.required(command.reason(), "reason", "an extension needs a reason");
        apply(new DeadlineExtended(command.year(), command.level(), deadline, command.selfAssessmentDeadline(),
                reason, actor, within));
    }

    @EventSourcingHandler
    void on(RoundScheduled event) {
        id = StreamIds.round(event.level(), event.year(), event.within());
        within = event.within();
        deadline = event.selfAssessmentDeadline();
    }

    @EventSourcingHandler
    void on(DeadlineExtended event) {
        deadline = event.selfAssessmentDeadline();
    }
}
