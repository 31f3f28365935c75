package org.parledger.query.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The live projections (parledger.projections.*).
 *
 * @param holdPoll how often a node looks whether a replay on another node asks it to let go of the projections'
 *                 segments (rv_projection_hold)
 */
@ConfigurationProperties("parledger.projections")
public record ProjectionProperties(@DefaultValue("500ms") Duration holdPoll) {
}
