package org.parledger.query.projection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor in error counts as failing only while the projection is behind: a node that holds none of its segments
 * stays in Axon's error back-off after an outage while the other nodes keep the projection current.
 */
class ProjectionStatusTest {
    @Test
    void inErrorAndBehindIsFailing() {
        assertThat(ProjectionStatus.failing(true, 1)).isTrue();
        assertThat(ProjectionStatus.failing(true, 0)).as("in back-off on an idle node, the projection current").isFalse();
        assertThat(ProjectionStatus.failing(false, 500)).as("behind but working: a lag, not a failure").isFalse();
    }
}
