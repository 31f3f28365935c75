package org.parledger.api;

import org.parledger.api.assessment.AssessmentCommand;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.CheckSurveyResults;
import org.parledger.api.assessment.PublishResults;
import org.parledger.api.assessment.RecordSurveyResults;
import org.parledger.api.assessment.RoundCommand;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetCommand;
import org.parledger.api.unit.UnitCode;
import org.parledger.api.unit.UnitCommand;
import org.parledger.api.unit.ReorganiseUnits;

/**
 * The ledger's stream identifiers: where the events of a unit, an index set or a unit-year assessment are
 * kept. Stream identifiers share one namespace in the event store, so each kind carries a prefix. Both sides
 * use them: the command side to address aggregates, the query side to read a stream's history.
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

    /** The national assessment round of a level for a year: its deadlines. */
    public static String round(Level level, int year) {
        return round(level, year, null);
    }

    /** The assessment round of a level for a year, national (within null) or one province's: its deadlines. */
    public static String round(Level level, int year, UnitCode within) {
        return "round:" + level.name() + ":" + year + scope(within);
    }

    /** The publication of a level's national results for a year. */
    public static String publication(Level level, int year) {
        return publication(level, year, null);
    }

    /** The publication of a level's results for a year, national (within null) or one province's. */
    public static String publication(Level level, int year, UnitCode within) {
        return "publication:" + level.name() + ":" + year + scope(within);
    }

    /** Nothing for the national round (the streams recorded before rounds had scopes), ":code" for a province's. */
    private static String scope(UnitCode within) {
        return within == null ? "" : ":" + within.value();
    }

    /** The stream a command is addressed to; a reorganisation, which touches many, is keyed by its decision. */
    public static String of(Object command) {
        if (command instanceof PublishResults c) return publication(c.level(), c.year(), c.within());
        if (command instanceof RoundCommand c) return round(c.level(), c.year(), c.within());
        if (command instanceof RecordSurveyResults c) return "survey:" + c.level().name() + ":" + c.year();
        if (command instanceof CheckSurveyResults c) return "survey:" + c.level().name() + ":" + c.year();
        if (command instanceof ReorganiseUnits c) return "reorganisation:" + c.decision();
        if (command instanceof AssessmentCommand c) return assessment(c.assessment());
        if (command instanceof UnitCommand c) return unit(c.unit());
        if (command instanceof IndexSetCommand c) return indexSet(c.indexSet());
        throw new IllegalArgumentException("not a ledger command: " + command.getClass().getName());
    }
}
