package org.parledger.api.indexset;

import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An index set as issued by a decision: its identity, the years and level it applies to, its scale and its
 * tree of fields, criteria and sub-criteria; within is the province that issued it for its own rounds (its
 * departments, districts or communes), null for a set issued nationally, which any round of its level may use.
 * A document, not a validator: the command side checks it.
 */
public record IndexSetDefinition(IndexSetCode code, String title, String decision, LocalDate decisionDate,
                                 Level level, int fromYear, int toYear, BigDecimal scale,
                                 List<Agency> agencies, List<IndexNode> fields, List<ClassificationBand> bands,
                                 UnitCode within) {
    public IndexSetDefinition {
        agencies = agencies == null ? List.of() : List.copyOf(agencies);
        fields = fields == null ? List.of() : List.copyOf(fields);
        bands = bands == null ? List.of() : List.copyOf(bands);
    }

    /** A set issued nationally. */
    public IndexSetDefinition(IndexSetCode code, String title, String decision, LocalDate decisionDate, Level level,
                              int fromYear, int toYear, BigDecimal scale, List<Agency> agencies, List<IndexNode> fields,
                              List<ClassificationBand> bands) {
        this(code, title, decision, decisionDate, level, fromYear, toYear, scale, agencies, fields, bands, null);
    }

    /** Whether a round within this scope (null: national) may use the set: a national set, or one the province issued. */
    public boolean usableWithin(UnitCode scope) {
        return within == null || within.equals(scope);
    }

    /** The same set with each node passed through {@code change}, children first. */
    public IndexSetDefinition withNodes(UnaryOperator<IndexNode> change) {
        return new IndexSetDefinition(code, title, decision, decisionDate, level, fromYear, toYear, scale, agencies,
                fields.stream().map(field -> rebuild(field, change)).toList(), bands, within);
    }

    public IndexSetDefinition withBands(List<ClassificationBand> corrected) {
        return new IndexSetDefinition(code, title, decision, decisionDate, level, fromYear, toYear, scale, agencies,
                fields, corrected, within);
    }

    /** The node with this code, wherever it is in the tree. */
    public Optional<IndexNode> node(String nodeCode) {
        Deque<IndexNode> open = new ArrayDeque<>(fields);
        while (!open.isEmpty()) {
            IndexNode node = open.pop();
            if (node.code().equals(nodeCode)) return Optional.of(node);
            open.addAll(node.children());
        }
        return Optional.empty();
    }

    private static IndexNode rebuild(IndexNode node, UnaryOperator<IndexNode> change) {
        List<IndexNode> children = node.children().stream().map(child -> rebuild(child, change)).toList();
        return change.apply(new IndexNode(node.code(), node.title(), node.maximum(), node.source(),
                node.appraisingAgency(), node.notApplicableAllowed(), children));
    }

    /** The band with the highest minimum that the index reaches, or null when no band applies. */
    public String classify(BigDecimal index) {
        return bands.stream().filter(band -> index.compareTo(band.minimumIndex()) >= 0)
                .max(java.util.Comparator.comparing(ClassificationBand::minimumIndex))
                .map(ClassificationBand::name).orElse(null);
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
