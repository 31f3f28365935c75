package org.parledger.query.replay;

import java.util.List;

/**
 * The live read model against a rebuild from the verified ledger at the same position: per table, the rows only
 * one of them has (as text, the first 20 of each).
 */
public record ReadModelComparison(boolean identical, long position, List<TableDifference> differences, String message) {
    public record TableDifference(String table, long onlyLive, long onlyRebuilt, List<String> liveRows,
                                  List<String> rebuiltRows) {
    }
}
