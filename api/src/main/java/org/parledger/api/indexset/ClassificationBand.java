package org.parledger.api.indexset;

import java.math.BigDecimal;

/** A classification (e.g. "A", or "Tốt") given to an index at or above its minimum. */
public record ClassificationBand(String name, BigDecimal minimumIndex) {
}
