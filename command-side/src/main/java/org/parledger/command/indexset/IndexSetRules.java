package org.parledger.command.indexset;

import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.LeafRule;

import java.util.Map;
import java.util.Optional;

/** An index set's definition with its leaves indexed by code, built once per version of the set. */
public final class IndexSetRules {
    private final IndexSetDefinition definition;
    private final Map<String, LeafRule> leaves;

    public IndexSetRules(IndexSetDefinition definition) {
        this.definition = definition;
        this.leaves = definition.leafRules();
    }

    public IndexSetDefinition definition() {
        return definition;
    }

    public Optional<LeafRule> leaf(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(leaves.get(code.strip()));
    }
}
