package org.parledger.command.assessment;

import org.parledger.api.assessment.EvidenceFile;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Names;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.evidence.EvidenceCatalog;

import java.util.ArrayList;
import java.util.List;

/** The evidence a self-score cites: its link, and its files checked against what was uploaded for its unit. */
final class CitedFiles {
    private CitedFiles() {
    }

    /**
     * The reference with each cited file as the ledger keeps it (name, media type, size): a file must have been uploaded
     * for this unit. The event then holds the files' hashes, under the ledger's hash chain.
     */
    static EvidenceReference asKept(EvidenceCatalog catalog, UnitCode unit, EvidenceReference reference) {
        followable(reference.link());
        if (reference.files().isEmpty()) return reference;
        if (reference.files().size() > EvidenceFile.MAX_PER_SCORE) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "evidence.files",
                    "at most " + EvidenceFile.MAX_PER_SCORE + " files back one self-score");
        }
        List<EvidenceFile> stored = new ArrayList<>();
        for (int i = 0; i < reference.files().size(); i++) {
            EvidenceFile cited = reference.files().get(i);
            String field = "evidence.files[" + i + "].sha256";
            if (cited == null || !EvidenceFile.isSha256(cited.sha256())) {
                throw new LedgerException(ErrorCode.EVIDENCE_FILE_UNKNOWN, field, "a file is cited by its SHA-256: 64 lower-case hex digits");
            }
            EvidenceFile kept = catalog.uploadedFor(cited.sha256(), unit).orElseThrow(() -> new LedgerException(
                    ErrorCode.EVIDENCE_FILE_UNKNOWN, field, "no file " + cited.sha256() + " was uploaded for " + unit.value()));
            String name = kept.name();
            if (cited.name() != null && !cited.name().isBlank()) {
                try {
                    name = Names.normalise(cited.name(), EvidenceFile.MAX_NAME_LENGTH, "a file's name");
                } catch (IllegalArgumentException e) {
                    throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "evidence.files[" + i + "].name", e.getMessage());
                }
            }
            if (stored.stream().anyMatch(f -> f.sha256().equals(kept.sha256()))) continue;
            stored.add(new EvidenceFile(kept.sha256(), name, kept.mediaType(), kept.size()));
        }
        return new EvidenceReference(reference.documentNumber(), reference.section(), reference.page(), reference.link(), stored);
    }

    /**
     * A link is a web address (http or https), so that a portal or a page that shows it as a link sends its reader to
     * a page: "javascript:…" or "data:…" would run in the reader's browser, on the portal's site.
     */
    private static void followable(String link) {
        if (link == null || link.isBlank()) return;
        String text = link.strip();
        for (String scheme : new String[]{"https://", "http://"}) {
            if (text.length() > scheme.length() && text.regionMatches(true, 0, scheme, 0, scheme.length())) return;
        }
        throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "evidence.link", "a link is a web address starting with https:// or http://");
    }
}
