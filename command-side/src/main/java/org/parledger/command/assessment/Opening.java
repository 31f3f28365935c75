package org.parledger.command.assessment;

import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.OpenAssessment;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.indexset.IndexSetCatalog;
import org.parledger.command.support.Permissions;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.command.unit.UnitFacts;

import java.time.LocalDate;

/**
 * The rules of opening a unit-year's assessment: an admin or the council of its round, a unit that existed at the end
 * of the year, and an index set of the unit's level that covers the year and may be used in that round.
 */
final class Opening {
    private Opening() {
    }

    static AssessmentOpened opened(OpenAssessment command, UnitDirectory units, IndexSetCatalog indexSets) {
        Permissions.requireRole(command.principal(), Role.ADMIN, Role.COUNCIL);
        AssessmentId target = command.assessment();
        UnitFacts unit = units.find(target.unit()).orElseThrow(() -> new LedgerException(
                ErrorCode.UNKNOWN_UNIT, "unit", "no unit " + target.unit() + " is registered"));
        // The round is the province's the unit belongs to at the end of the year, the day its figures are made for.
        UnitCode round = units.provinceOf(target.unit(), LocalDate.of(target.year(), 12, 31)).orElse(null);
        Actor actor = Permissions.actingWithin(command.principal(), round, Role.ADMIN, Role.COUNCIL);
        if (!unit.existsAtEndOf(target.year())) {
            throw new LedgerException(ErrorCode.UNIT_NOT_IN_EXISTENCE, "year", unit.name() + " did not exist at the end of "
                    + target.year() + " (established " + unit.establishedOn() + ", ceased " + unit.ceasedOn() + ")");
        }
        IndexSetDefinition set = indexSets.find(command.indexSet()).orElseThrow(() -> new LedgerException(
                ErrorCode.UNKNOWN_INDEX_SET, "indexSet", "no index set " + command.indexSet() + " is defined"))
                .definition();
        if (set.level() != unit.level()) {
            throw new LedgerException(ErrorCode.LEVEL_MISMATCH, "indexSet", "index set " + set.code() + " scores "
                    + set.level() + " units, but " + unit.name() + " is a " + unit.level());
        }
        if (!set.covers(target.year())) {
            throw new LedgerException(ErrorCode.YEAR_NOT_COVERED, "year", "index set " + set.code() + " applies to "
                    + set.fromYear() + "-" + set.toYear() + ", not " + target.year());
        }
        if (!set.usableWithin(round)) {
            throw new LedgerException(ErrorCode.WRONG_SCOPE, "indexSet", "index set " + set.code() + " was issued by province "
                    + set.within() + " for its own rounds; " + unit.name() + " is in "
                    + (round == null ? "the national round" : "the rounds of province " + round));
        }
        return new AssessmentOpened(target, unit.level(), set.code(), actor, round);
    }
}
