package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

import java.util.List;

public record ClassificationBandsCorrected(IndexSetCode indexSet, List<ClassificationBand> previous,
                                           List<ClassificationBand> corrected, String reason, String reference,
                                           Actor actor) implements IndexSetCorrected {
    public ClassificationBandsCorrected {
        previous = List.copyOf(previous);
        corrected = List.copyOf(corrected);
    }

    @Override
    public IndexSetDefinition applyTo(IndexSetDefinition before) {
        return before.withBands(corrected);
    }
}
