package org.parledger.api.indexset;

import java.math.BigDecimal;

/** A node's maximum before and after a correction. */
public record MaximumChange(String code, BigDecimal previous, BigDecimal corrected) {
}
