package org.parledger.app.evidence;

import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.command.evidence.EvidenceProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a refused evidence request is answered: its status, and for UNAVAILABLE when to try again. */
class EvidenceRefusalsTest {
    private final EvidenceController controller = new EvidenceController(null, null, new EvidenceProperties(
            DataSize.ofMegabytes(20), null, List.of("application/pdf"), DataSize.ofMegabytes(64), Duration.ofSeconds(10)), null);

    @Test
    void noRoomForTheFileJustNowIsServiceUnavailableWithWhenToTryAgain() {
        ResponseEntity<Map<String, Object>> answer = controller.refused(new LedgerException(ErrorCode.UNAVAILABLE, null, "no room"));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(answer.getBody()).containsEntry("code", "UNAVAILABLE").containsEntry("retryAfterSeconds", 2);
    }

    @Test
    void aFileTooLargeIsContentTooLargeWithoutRetryAfter() {
        ResponseEntity<Map<String, Object>> answer = controller.refused(
                new LedgerException(ErrorCode.REQUEST_TOO_LARGE, "body", "too large"));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
        assertThat(answer.getBody()).containsEntry("field", "body");
    }
}
