package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

/** previous is null when the node inherited its agency. */
public record AppraisingAgencyCorrected(IndexSetCode indexSet, String code, String previous, String corrected,
                                        String reason, String reference, Actor actor) implements IndexSetCorrected {
    @Override
    public IndexSetDefinition applyTo(IndexSetDefinition before) {
        return before.withNodes(node -> node.code().equals(code) ? node.withAppraisingAgency(corrected) : node);
    }
}
