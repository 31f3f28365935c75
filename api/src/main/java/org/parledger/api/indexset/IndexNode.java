package org.parledger.api.indexset;

import java.math.BigDecimal;
import java.util.List;

/**
 * A node of an index set's tree: a field (lĩnh vực), a criterion (tiêu chí) or a sub-criterion
 * (tiêu chí thành phần). Leaves carry a scoring source; an appraising agency given on a node holds for
 * everything below it unless a descendant names its own.
 */
public record IndexNode(String code, String title, BigDecimal maximum, ScoringSource source,
                        String appraisingAgency, boolean notApplicableAllowed, List<IndexNode> children) {
    public IndexNode {
        children = children == null ? List.of() : List.copyOf(children);
    }

    public boolean hasChildren() {
        return !children.isEmpty();
    }

    public IndexNode withMaximum(BigDecimal corrected) {
        return new IndexNode(code, title, corrected, source, appraisingAgency, notApplicableAllowed, children);
    }

    public IndexNode withSource(ScoringSource corrected) {
        return new IndexNode(code, title, maximum, corrected, appraisingAgency, notApplicableAllowed, children);
    }

    public IndexNode withAppraisingAgency(String corrected) {
        return new IndexNode(code, title, maximum, source, corrected, notApplicableAllowed, children);
    }

    public IndexNode withNotApplicableAllowed(boolean corrected) {
        return new IndexNode(code, title, maximum, source, appraisingAgency, corrected, children);
    }
}
