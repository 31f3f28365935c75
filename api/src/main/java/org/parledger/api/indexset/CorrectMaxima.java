package org.parledger.api.indexset;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.util.List;

/**
 * Corrects the maxima of one or more nodes together, so that the tree still adds up afterwards (lowering
 * 3.2.1 usually means raising a sibling). Refused if the corrected tree breaks a rule.
 */
public record CorrectMaxima(IndexSetCode indexSet, List<MaximumCorrection> corrections, String reason,
                            String reference, Principal principal) implements IndexSetCommand, LedgerCommand {
    public CorrectMaxima {
        corrections = corrections == null ? List.of() : List.copyOf(corrections);
    }
}
