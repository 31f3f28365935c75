package org.parledger.query.support;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Inputs;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;

/** The round a query's within argument names. */
public final class Rounds {
    private Rounds() {
    }

    /** Null for the national round; a province's code otherwise. Provinces and ministries have no other round. */
    public static UnitCode of(Level level, String within) {
        if (within == null) return null;
        if (level.nationalOnly()) {
            throw new LedgerException(ErrorCode.WRONG_SCOPE, "within", level + " units are ranked in the national round only");
        }
        return Inputs.unit(within, "within");
    }
}
