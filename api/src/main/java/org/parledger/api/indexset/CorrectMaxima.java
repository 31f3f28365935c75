package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

import java.util.List;

/**
 * Corrects the maxima of one or more nodes together, so that the tree still adds up afterwards (lowering
 * 3.2.1 usually means raising a sibling). Refused if the corrected tree breaks a rule.
 */
public record CorrectMaxima(IndexSetCode indexSet, List<MaximumCorrection> corrections, String reason,
                            String reference, Actor actor) implements IndexSetCommand {
    public CorrectMaxima {
        corrections = corrections == null ? List.of() : List.copyOf(corrections);
    }
}
