package org.parledger.command.assessment;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.unit.UnitDirectory;
import org.parledger.command.unit.UnitFacts;

/**
 * Which rounds exist: provinces and ministries are scored in the national round only; a province's departments,
 * districts and communes in the province's own round (or, for units registered under no province, the national one).
 */
final class Rounds {
    private Rounds() {
    }

    /** Refuses a round (a schedule, a publication) that cannot exist: a province's round of provinces, or of a non-province. */
    static void requireRoundOf(Level level, UnitCode within, UnitDirectory units) {
        if (within == null) return;
        if (level.nationalOnly()) {
            throw new LedgerException(ErrorCode.WRONG_SCOPE, "within", level + " units are scored in the national round only");
        }
        UnitFacts province = units.find(within).orElseThrow(() -> new LedgerException(ErrorCode.UNKNOWN_UNIT, "within",
                "no unit " + within + " is registered"));
        if (province.level() != Level.PROVINCE) {
            throw new LedgerException(ErrorCode.WRONG_SCOPE, "within", within + " is a " + province.level()
                    + ", not a province: rounds are national or a province's");
        }
    }
}
