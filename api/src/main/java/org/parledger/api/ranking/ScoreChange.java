package org.parledger.api.ranking;

import org.parledger.api.assessment.EvidenceFile;
import org.parledger.api.common.Actor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One recorded change that moved a total: on a leaf (criterion, with its field), or a deduction (no
 * criterion). from is null where nothing was recorded before; files are the evidence files a self-score cites.
 */
public record ScoreChange(String kind, String criterion, String fieldCode, BigDecimal from, BigDecimal to,
                          Actor actor, String reason, Instant at, List<EvidenceFile> files) {
    public ScoreChange {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public ScoreChange(String kind, String criterion, String fieldCode, BigDecimal from, BigDecimal to, Actor actor,
                       String reason, Instant at) {
        this(kind, criterion, fieldCode, from, to, actor, reason, at, List.of());
    }
}
