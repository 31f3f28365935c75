package org.parledger.api.indexset;

import org.parledger.api.common.Level;

/** Every index set, or those of one level when level is given, newest first. */
public record FindIndexSets(Level level) {
}
