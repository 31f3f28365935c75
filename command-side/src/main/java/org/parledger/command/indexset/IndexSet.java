package org.parledger.command.indexset;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Points;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.AppraisingAgencyCorrected;
import org.parledger.api.indexset.ApplicabilityCorrected;
import org.parledger.api.indexset.ClassificationBandsCorrected;
import org.parledger.api.indexset.CorrectAppraisingAgency;
import org.parledger.api.indexset.CorrectApplicability;
import org.parledger.api.indexset.CorrectClassificationBands;
import org.parledger.api.indexset.CorrectMaxima;
import org.parledger.api.indexset.CorrectScoringSource;
import org.parledger.api.indexset.DefineIndexSet;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetCorrected;
import org.parledger.api.indexset.IndexSetDefined;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.IndexSetHistory;
import org.parledger.api.indexset.MaximaCorrected;
import org.parledger.api.indexset.MaximumChange;
import org.parledger.api.indexset.MaximumCorrection;
import org.parledger.api.indexset.ScoringSourceCorrected;
import org.parledger.api.StreamIds;
import org.parledger.command.support.Permissions;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.Level;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An index set (Bộ chỉ số): the versioned rules that every score of its level and years is made under.
 * A rule correction is a new event on the set; the corrected tree must obey every rule a new set obeys.
 */
@Aggregate(commandTargetResolver = "ledgerCommandTargetResolver")
public class IndexSet {
    @AggregateIdentifier
    private String id;
    private IndexSetDefinition rules;

    protected IndexSet() {
    }

    @CommandHandler
    public IndexSet(DefineIndexSet command, UnitDirectory units) {
        UnitCode within = command.definition() == null ? null : command.definition().within();
        Actor actor = Permissions.actingWithin(command.principal(), within, Role.ADMIN);
        IndexSetRulesCheck.check(command.definition());
        if (within != null) requireProvince(command.definition(), units);
        apply(new IndexSetDefined(command.definition(), actor));
    }

    @CommandHandler
    void handle(CorrectMaxima command) {
        Actor actor = Permissions.actingWithin(command.principal(), rules.within(), Role.ADMIN);
        requireJustified(command.reason(), command.reference());
        if (command.corrections().isEmpty()) throw nothingToCorrect("corrections", "no maximum to correct");
        List<MaximumChange> changes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (MaximumCorrection correction : command.corrections()) {
            IndexNode node = node(correction.code());
            if (!seen.add(node.code())) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "corrections", node.code() + " is corrected twice");
            }
            if (correction.maximum() == null) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "corrections", "no new maximum for " + node.code());
            }
            if (correction.maximum().compareTo(node.maximum()) != 0) {
                changes.add(new MaximumChange(node.code(), node.maximum(), Points.normalise(correction.maximum(), "corrections")));
            }
        }
        if (changes.isEmpty()) throw nothingToCorrect("corrections", "every maximum already has the corrected value");
        correct(new MaximaCorrected(command.indexSet(), changes, command.reason().strip(), command.reference().strip(),
                actor));
    }

    @CommandHandler
    void handle(CorrectScoringSource command) {
        Actor actor = Permissions.actingWithin(command.principal(), rules.within(), Role.ADMIN);
        requireJustified(command.reason(), command.reference());
        IndexNode node = node(command.code());
        if (node.source() == command.source()) throw nothingToCorrect("source", node.code() + " is already " + node.source());
        correct(new ScoringSourceCorrected(command.indexSet(), node.code(), node.source(), command.source(),
                command.reason().strip(), command.reference().strip(), actor));
    }

    @CommandHandler
    void handle(CorrectAppraisingAgency command) {
        Actor actor = Permissions.actingWithin(command.principal(), rules.within(), Role.ADMIN);
        requireJustified(command.reason(), command.reference());
        IndexNode node = node(command.code());
        if (Objects.equals(node.appraisingAgency(), command.agency())) {
            throw nothingToCorrect("agency", node.code() + " already names " + command.agency());
        }
        correct(new AppraisingAgencyCorrected(command.indexSet(), node.code(), node.appraisingAgency(),
                command.agency(), command.reason().strip(), command.reference().strip(), actor));
    }

    @CommandHandler
    void handle(CorrectApplicability command) {
        Actor actor = Permissions.actingWithin(command.principal(), rules.within(), Role.ADMIN);
        requireJustified(command.reason(), command.reference());
        IndexNode node = node(command.code());
        if (node.hasChildren()) {
            throw new LedgerException(ErrorCode.UNKNOWN_CRITERION, "code", node.code() + " is not a leaf");
        }
        if (node.notApplicableAllowed() == command.notApplicableAllowed()) {
            throw nothingToCorrect("notApplicableAllowed", node.code() + " already has this rule");
        }
        correct(new ApplicabilityCorrected(command.indexSet(), node.code(), node.notApplicableAllowed(),
                command.notApplicableAllowed(), command.reason().strip(), command.reference().strip(), actor));
    }

    @CommandHandler
    void handle(CorrectClassificationBands command) {
        Actor actor = Permissions.actingWithin(command.principal(), rules.within(), Role.ADMIN);
        requireJustified(command.reason(), command.reference());
        if (rules.bands().equals(command.bands())) throw nothingToCorrect("bands", "the bands are already these");
        correct(new ClassificationBandsCorrected(command.indexSet(), rules.bands(), command.bands(),
                command.reason().strip(), command.reference().strip(), actor));
    }

    /** Applies the correction only if the corrected set still obeys every rule. */
    private void correct(IndexSetCorrected correction) {
        IndexSetRulesCheck.check(correction.applyTo(rules));
        apply(correction);
    }

    private IndexNode node(String code) {
        return rules.node(code == null ? "" : code.strip()).orElseThrow(() -> new LedgerException(
                ErrorCode.UNKNOWN_CRITERION, "code", "index set " + rules.code() + " has no node " + code));
    }

    private static void requireJustified(String reason, String reference) {
        if (reason == null || reason.isBlank()) {
            throw new LedgerException(ErrorCode.REASON_REQUIRED, "reason", "a rule correction needs a reason");
        }
        if (reference == null || reference.isBlank()) {
            throw new LedgerException(ErrorCode.REFERENCE_REQUIRED, "reference",
                    "a rule correction needs a reference to the correcting document");
        }
    }

    private static LedgerException nothingToCorrect(String field, String message) {
        return new LedgerException(ErrorCode.NOTHING_TO_CORRECT, field, message);
    }

    @EventSourcingHandler
    void on(IndexSetDefined event) {
        id = StreamIds.indexSet(event.definition().code());
        rules = event.definition();
    }

    @EventSourcingHandler
    void on(IndexSetCorrected event) {
        rules = IndexSetHistory.fold(rules, event);
    }

    /** A province issues sets for its own rounds only: its departments, districts or communes. */
    private static void requireProvince(IndexSetDefinition definition, UnitDirectory units) {
        if (definition.level().nationalOnly()) {
            throw new LedgerException(ErrorCode.INVALID_INDEX_SET, "within", "a province issues sets for its departments, "
                    + "districts or communes, not for " + definition.level() + " units, which are scored nationally");
        }
        boolean province = units.find(definition.within()).map(u -> u.level() == Level.PROVINCE).orElse(false);
        if (!province) {
            throw new LedgerException(ErrorCode.INVALID_INDEX_SET, "within", definition.within() + " is not a registered province");
        }
    }
}
