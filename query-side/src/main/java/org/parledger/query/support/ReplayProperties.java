package org.parledger.query.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Replays of the read model (parledger.replay.*).
 *
 * @param run             projections to replay from the command line, then exit (all, or e.g. scores,units,audit-trail)
 * @param resumeOnStart   whether a start resumes a replay that was interrupted (killed, failed) from its checkpoint
 * @param checkpointEvery events between two checkpoints of a replay
 * @param readBatch       events read from the ledger at a time
 * @param logInterval     how often a running replay logs its progress
 */
@ConfigurationProperties("parledger.replay")
public record ReplayProperties(String run, @DefaultValue("true") boolean resumeOnStart,
                               @DefaultValue("50000") int checkpointEvery, @DefaultValue("5000") int readBatch,
                               @DefaultValue("5s") Duration logInterval) {
}
