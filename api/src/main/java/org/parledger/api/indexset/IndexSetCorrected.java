package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

/**
 * A rule correction on an index set: a new fact next to the definition, never a rewrite of it. Every
 * correction says why, on the authority of which document, and who recorded it.
 */
public interface IndexSetCorrected {
    IndexSetCode indexSet();

    String reason();

    /** The correcting document, e.g. "Công văn 123/BNV-CCHC". */
    String reference();

    Actor actor();

    /** The rules as they stand after this correction. */
    IndexSetDefinition applyTo(IndexSetDefinition before);
}
