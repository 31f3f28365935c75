package org.parledger.api.indexset;

/** A command addressed to one index set's stream. */
public interface IndexSetCommand {
    IndexSetCode indexSet();
}
