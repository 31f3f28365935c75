package org.parledger.api.indexset;

import java.util.List;

/**
 * The answer to {@link FindIndexSets}: a record rather than a bare list, so that it keeps its element type when it
 * travels between nodes (through Axon Server) as JSON.
 */
public record IndexSetViews(List<IndexSetView> indexSets) {
    public IndexSetViews {
        indexSets = List.copyOf(indexSets);
    }
}
