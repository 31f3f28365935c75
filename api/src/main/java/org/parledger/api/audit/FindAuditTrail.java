package org.parledger.api.audit;

import java.time.Instant;

/**
 * The audit trail, filtered by any of: unit (and year), a province's own round (within: the entries of assessments in
 * it), leaf, actor, a time window [from, to), and as of an instant (entries recorded at or before it); first entries
 * after the position given (null: from the beginning), in ledger order.
 */
public record FindAuditTrail(String unit, Integer year, String criterion, String actor, Instant from, Instant to,
                             Instant asOf, int first, Long after, String within) {
    public FindAuditTrail(String unit, Integer year, String criterion, String actor, Instant from, Instant to,
                          Instant asOf, int first, Long after) {
        this(unit, year, criterion, actor, from, to, asOf, first, after, null);
    }
}
