package org.parledger.api.ranking;

import java.math.BigDecimal;

/** A field's maximum and the points recorded on its leaves at each stage. */
public record FieldPoints(String code, String title, BigDecimal maximum, BigDecimal selfAssessed,
                          BigDecimal appraised, BigDecimal survey) {
}
