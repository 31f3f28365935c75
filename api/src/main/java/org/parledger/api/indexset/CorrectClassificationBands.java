package org.parledger.api.indexset;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;

import java.util.List;

/** Replaces the set's classification bands. */
public record CorrectClassificationBands(IndexSetCode indexSet, List<ClassificationBand> bands, String reason,
                                         String reference, Principal principal) implements IndexSetCommand, LedgerCommand {
    public CorrectClassificationBands {
        bands = bands == null ? List.of() : List.copyOf(bands);
    }
}
