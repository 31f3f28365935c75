package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

public record ApplicabilityCorrected(IndexSetCode indexSet, String code, boolean previous, boolean corrected,
                                     String reason, String reference, Actor actor) implements IndexSetCorrected {
    @Override
    public IndexSetDefinition applyTo(IndexSetDefinition before) {
        return before.withNodes(node -> node.code().equals(code) ? node.withNotApplicableAllowed(corrected) : node);
    }
}
