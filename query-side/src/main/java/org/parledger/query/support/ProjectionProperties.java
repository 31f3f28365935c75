package org.parledger.query.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The live projections (parledger.projections.*).
 *
 * @param holdPoll how often a node looks whether a replay on another node asks it to let go of the projections'
 *                 segments (rv_projection_hold)
 * @param setWait  how long a segment of the scores projection waits for an index set that another segment has not
 *                 projected yet (an assessment opened under it) before its batch fails and is tried again
 * @param stallAfter how long a running projection may lag without its position moving before health reports it
 *                 stalled (DOWN): its processor runs in name only (a thread stuck or gone)
 */
@ConfigurationProperties("parledger.projections")
public record ProjectionProperties(@DefaultValue("500ms") Duration holdPoll, @DefaultValue("5s") Duration setWait,
                                   @DefaultValue("60s") Duration stallAfter) {
}
