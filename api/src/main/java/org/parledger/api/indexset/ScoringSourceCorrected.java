package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

public record ScoringSourceCorrected(IndexSetCode indexSet, String code, ScoringSource previous,
                                     ScoringSource corrected, String reason, String reference, Actor actor)
        implements IndexSetCorrected {
    @Override
    public IndexSetDefinition applyTo(IndexSetDefinition before) {
        return before.withNodes(node -> node.code().equals(code) ? node.withSource(corrected) : node);
    }
}
