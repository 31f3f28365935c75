package org.parledger.api.indexset;

/** An appraising agency named by an index set, e.g. code "SNV", name "Sở Nội vụ". */
public record Agency(String code, String name) {
}
