package org.parledger.command.support;

import org.parledger.api.assessment.AssessmentCommand;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetCommand;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitCommand;
import org.parledger.api.unit.ReorganiseUnits;

/**
 * The ledger's stream identifiers. Aggregate identifiers share one namespace in the event table, so each
 * kind of stream carries a prefix; the message contract itself stays free of this storage detail.
 */
public final class StreamIds {
    private StreamIds() {
    }

    public static String unit(UnitCode unit) {
        return "unit:" + unit.value();
    }

    public static String indexSet(IndexSetCode indexSet) {
        return "index-set:" + indexSet.value();
    }

    public static String assessment(AssessmentId assessment) {
        return "assessment:" + assessment.unit().value() + ":" + assessment.year();
    }

    /** The stream a command is addressed to; a reorganisation, which touches many, is keyed by its decision. */
    public static String of(Object command) {
        if (command instanceof ReorganiseUnits c) return "reorganisation:" + c.decision();
        if (command instanceof AssessmentCommand c) return assessment(c.assessment());
        if (command instanceof UnitCommand c) return unit(c.unit());
        if (command instanceof IndexSetCommand c) return indexSet(c.indexSet());
        throw new IllegalArgumentException("not a ledger command: " + command.getClass().getName());
    }
}
