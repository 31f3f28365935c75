package org.parledger.api.indexset;

import java.math.BigDecimal;

/** The maximum a node should have. */
public record MaximumCorrection(String code, BigDecimal maximum) {
}
