package org.parledger.app.evidence;

import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.app.security.MutationRateLimit;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UploadsInProgressTest {

    @Test
    void aPersonHasAtMostTheBoundInProgressAndEachFinishedUploadMakesRoom() {
        UploadsInProgress uploads = new UploadsInProgress(4);
        List<InFlightBytes.Held> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) held.add(uploads.hold("assessor-a"));
        assertThatThrownBy(() -> uploads.hold("assessor-a"))
                .isInstanceOfSatisfying(MutationRateLimit.RateLimited.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(refused.field()).isEqualTo("body");
                    assertThat(refused.limit()).isEqualTo("evidence-uploads");
                    assertThat(refused.error().retryAfterSeconds()).isEqualTo(1);
                });
        // Someone else is not held back by them.
        uploads.hold("assessor-b").close();
        held.remove(0).close();
        assertThat(uploads.of("assessor-a")).isEqualTo(3);
        held.add(uploads.hold("assessor-a"));
        held.forEach(InFlightBytes.Held::close);
        assertThat(uploads.of("assessor-a")).isZero();
    }

    @Test
    void zeroLiftsTheBound() {
        UploadsInProgress uploads = new UploadsInProgress(0);
        for (int i = 0; i < 100; i++) uploads.hold("assessor-a");
        assertThat(uploads.of("assessor-a")).isZero();
    }
}
