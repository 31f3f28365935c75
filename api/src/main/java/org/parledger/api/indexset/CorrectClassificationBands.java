package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

import java.util.List;

/** Replaces the set's classification bands. */
public record CorrectClassificationBands(IndexSetCode indexSet, List<ClassificationBand> bands, String reason,
                                         String reference, Actor actor) implements IndexSetCommand {
    public CorrectClassificationBands {
        bands = bands == null ? List.of() : List.copyOf(bands);
    }
}
