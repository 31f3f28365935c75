package org.parledger.command.evidence;

import org.parledger.api.assessment.EvidenceFile;
import org.parledger.api.unit.UnitCode;

import java.util.Optional;

/** What the command model asks about evidence files: is this one kept, uploaded for this unit, and as what. */
@FunctionalInterface
public interface EvidenceCatalog {
    /** The file as it was stored (hash, name as uploaded, media type, size), if it was uploaded for the unit. */
    Optional<EvidenceFile> uploadedFor(String sha256, UnitCode unit);
}
