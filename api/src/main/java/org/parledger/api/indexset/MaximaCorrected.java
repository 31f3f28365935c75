package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

public record MaximaCorrected(IndexSetCode indexSet, List<MaximumChange> changes, String reason, String reference,
                              Actor actor) implements IndexSetCorrected {
    public MaximaCorrected {
        changes = List.copyOf(changes);
    }

    @Override
    public IndexSetDefinition applyTo(IndexSetDefinition before) {
        Map<String, BigDecimal> corrected = changes.stream()
                .collect(Collectors.toMap(MaximumChange::code, MaximumChange::corrected));
        return before.withNodes(node -> corrected.containsKey(node.code())
                ? node.withMaximum(corrected.get(node.code())) : node);
    }
}
