package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

/** Defines an index set from its document; refused with the offending node named if the tree is broken. */
public record DefineIndexSet(IndexSetDefinition definition, Actor actor) implements IndexSetCommand {
    @Override
    public IndexSetCode indexSet() {
        return definition.code();
    }
}
