package org.parledger.query.audit;

import org.parledger.api.assessment.EvidenceFile;

import java.util.ArrayList;
import java.util.List;

/**
 * A self-score's evidence files in one column of the audit trail: a line per file, "sha256 TAB size TAB media type TAB
 * name". Names hold no control characters (the command model refuses them), so tabs and line breaks are safe separators.
 */
final class EvidenceFiles {
    private EvidenceFiles() {
    }

    static String encode(List<EvidenceFile> files) {
        if (files == null || files.isEmpty()) return null;
        StringBuilder text = new StringBuilder();
        for (EvidenceFile f : files) {
            if (!text.isEmpty()) text.append('\n');
            text.append(f.sha256()).append('\t').append(f.size()).append('\t').append(f.mediaType()).append('\t').append(f.name());
        }
        return text.toString();
    }

    static List<EvidenceFile> decode(String text) {
        if (text == null || text.isEmpty()) return List.of();
        List<EvidenceFile> files = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.split("\t", 4);
            files.add(new EvidenceFile(parts[0], parts[3], parts[2], Long.valueOf(parts[1])));
        }
        return files;
    }
}
