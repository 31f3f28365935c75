package org.parledger.api.indexset;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

/** Defines an index set from its document; refused with the offending node named if the tree is broken. */
public record DefineIndexSet(IndexSetDefinition definition, Principal principal) implements IndexSetCommand, LedgerCommand {
    @Override
    public IndexSetCode indexSet() {
        return definition.code();
    }
}
