package org.parledger.api.indexset;

/** Folds an index set's events into the rules as they stand: the definition, then each correction in order. */
public final class IndexSetHistory {
    private IndexSetHistory() {
    }

    public static IndexSetDefinition fold(IndexSetDefinition current, Object event) {
        if (event instanceof IndexSetDefined defined) return defined.definition();
        if (event instanceof IndexSetCorrected correction) return correction.applyTo(current);
        return current;
    }
}
