package org.parledger.api.audit;

import org.parledger.api.assessment.EvidenceFile;
import org.parledger.api.common.Actor;

import java.time.Instant;
import java.util.List;

/**
 * One event of the ledger as an inspector reads it: where it is (event id, stream, sequence), when, who,
 * what changed from what to what, why, on what evidence. The actor's display name, authentication method and
 * client address come from the event's metadata (null for events recorded before they were kept); files are the
 * evidence files a self-score cites.
 */
public record AuditEntry(long position, String eventId, String stream, long sequence, Instant recordedAt, String kind,
                         String unitCode, Integer year, String criterion, Actor actor, String oldValue,
                         String newValue, String reason, String evidence, String actorName, String authMethod,
                         String clientAddress, List<EvidenceFile> files) {
    public AuditEntry {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public AuditEntry(long position, String eventId, String stream, long sequence, Instant recordedAt, String kind,
                      String unitCode, Integer year, String criterion, Actor actor, String oldValue, String newValue,
                      String reason, String evidence, String actorName, String authMethod, String clientAddress) {
        this(position, eventId, stream, sequence, recordedAt, kind, unitCode, year, criterion, actor, oldValue, newValue,
                reason, evidence, actorName, authMethod, clientAddress, List.of());
    }
}
