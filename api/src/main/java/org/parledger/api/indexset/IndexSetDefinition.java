package org.parledger.api.indexset;

import org.parledger.api.common.Level;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An index set as issued by a decision: its identity, the years and level it applies to, its scale and its
 * tree of fields, criteria and sub-criteria. A document, not a validator: the command side checks it.
 */
public record IndexSetDefinition(IndexSetCode code, String title, String decision, LocalDate decisionDate,
                                 Level level, int fromYear, int toYear, BigDecimal scale,
                                 List<IndexNode> fields, List<ClassificationBand> bands) {
    public IndexSetDefinition {
        fields = fields == null ? List.of() : List.copyOf(fields);
        bands = bands == null ? List.of() : List.copyOf(bands);
    }

    public boolean covers(int year) {
        return year >= fromYear && year <= toYear;
    }

    /** Every scorable leaf by code, in document order. */
    public Map<String, LeafRule> leafRules() {
        Map<String, LeafRule> leaves = new LinkedHashMap<>();
        for (IndexNode field : fields) collect(field, field.code(), field.appraisingAgency(), leaves);
        return Collections.unmodifiableMap(leaves);
    }

    private static void collect(IndexNode node, String fieldCode, String agency, Map<String, LeafRule> into) {
        String effectiveAgency = node.appraisingAgency() != null ? node.appraisingAgency() : agency;
        if (!node.hasChildren()) {
            into.put(node.code(), new LeafRule(node.code(), fieldCode, node.maximum(), node.source(),
                    effectiveAgency, node.notApplicableAllowed()));
            return;
        }
        for (IndexNode child : node.children()) collect(child, fieldCode, effectiveAgency, into);
    }
}
