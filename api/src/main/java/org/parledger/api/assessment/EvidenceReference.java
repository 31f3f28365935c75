package org.parledger.api.assessment;

/** Where the evidence (tài liệu kiểm chứng) for a self-score is: a document number, section, page, link. */
public record EvidenceReference(String documentNumber, String section, String page, String link) {
}
