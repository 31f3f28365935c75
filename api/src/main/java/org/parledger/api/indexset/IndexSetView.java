package org.parledger.api.indexset;

import java.time.Instant;
import java.util.List;

/** An index set's current rules, when it was defined, and every correction made to it since. */
public record IndexSetView(IndexSetDefinition rules, Instant definedAt, List<RuleCorrection> corrections) {
    public IndexSetView {
        corrections = List.copyOf(corrections);
    }
}
