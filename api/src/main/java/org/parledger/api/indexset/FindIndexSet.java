package org.parledger.api.indexset;

/** One index set's rules as they stand, with the history of their corrections. */
public record FindIndexSet(IndexSetCode indexSet) {
}
