package org.parledger.api.assessment;

import java.util.List;

/**
 * Where the evidence (tài liệu kiểm chứng) for a self-score is: a document number, section, page, link, and the files
 * of it kept by the ledger. Events recorded before files were kept have none.
 */
public record EvidenceReference(String documentNumber, String section, String page, String link, List<EvidenceFile> files) {
    public EvidenceReference {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public EvidenceReference(String documentNumber, String section, String page, String link) {
        this(documentNumber, section, page, link, List.of());
    }
}
