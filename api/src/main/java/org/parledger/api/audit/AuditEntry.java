package org.parledger.api.audit;

import org.parledger.api.common.Actor;

import java.time.Instant;

/**
 * One event of the ledger as an inspector reads it: where it is (event id, stream, sequence), when, who,
 * what changed from what to what, why, on what evidence. The actor's display name, authentication method and
 * client address come from the event's metadata (null for events recorded before they were kept).
 */
public record AuditEntry(long position, String eventId, String stream, long sequence, Instant recordedAt, String kind,
                         String unitCode, Integer year, String criterion, Actor actor, String oldValue,
                         String newValue, String reason, String evidence, String actorName, String authMethod,
                         String clientAddress) {
}
