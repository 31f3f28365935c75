package org.parledger.api.assessment;

import org.parledger.api.common.Level;

/** A command addressed to the assessment round of a level and year. */
public interface RoundCommand {
    int year();

    Level level();
}
