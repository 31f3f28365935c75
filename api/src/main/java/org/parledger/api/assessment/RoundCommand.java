package org.parledger.api.assessment;

import org.parledger.api.unit.UnitCode;
import org.parledger.api.common.Level;

/** A command addressed to the assessment round of a level and year. */
public interface RoundCommand {
    int year();

    Level level();

    /** The province whose round it is; null for the national round. */
    UnitCode within();
}
