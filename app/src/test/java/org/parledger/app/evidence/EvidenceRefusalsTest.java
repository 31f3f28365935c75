package org.parledger.app.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.parledger.app.security.MutationRateLimit;
import org.parledger.command.evidence.EvidenceProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a refused evidence request is answered: its status, for UNAVAILABLE and RATE_LIMITED when to try again; each counted. */
@ExtendWith(OutputCaptureExtension.class)
class EvidenceRefusalsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EvidenceController controller = new EvidenceController(null, null, new EvidenceProperties(
            DataSize.ofMegabytes(20), null, List.of("application/pdf"), DataSize.ofMegabytes(64), Duration.ofSeconds(10),
            new EvidenceProperties.RateLimit(DataSize.ofGigabytes(2), Duration.ofDays(1)), 8), null, registry(meters));

    private static ObjectProvider<MeterRegistry> registry(MeterRegistry meters) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("meters", meters);
        return beans.getBeanProvider(MeterRegistry.class);
    }

    @Test
    void noRoomForTheFileJustNowIsServiceUnavailableWithWhenToTryAgain() {
        ResponseEntity<Map<String, Object>> answer = controller.refused(new LedgerException(ErrorCode.UNAVAILABLE, null, "no room"), read());
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(answer.getBody()).containsEntry("code", "UNAVAILABLE").containsEntry("retryAfterSeconds", 2L);
    }

    @Test
    void anUploadPastItsPersonsRateLimitIsTooManyRequestsWithWhenToTryAgainAndCounted() {
        ResponseEntity<Map<String, Object>> answer = controller.refused(
                new MutationRateLimit.RateLimited("evidence-bytes", "body", 3600, "too much"), read());
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3600");
        assertThat(answer.getBody()).containsEntry("code", "RATE_LIMITED").containsEntry("field", "body")
                .containsEntry("retryAfterSeconds", 3600L);
        assertThat(meters.counter("parledger.refusals", "code", "RATE_LIMITED", "limit", "evidence-bytes").count()).isEqualTo(1);
    }

    @Test
    void aFileTooLargeIsContentTooLargeWithoutRetryAfter() {
        ResponseEntity<Map<String, Object>> answer = controller.refused(
                new LedgerException(ErrorCode.REQUEST_TOO_LARGE, "body", "too large"), unread());
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
        assertThat(answer.getBody()).containsEntry("field", "body");
        // Refused with its file unread: the connection ends after the answer, and the answer says so (UnreadBodies).
        assertThat(answer.getHeaders().getFirst(HttpHeaders.CONNECTION)).isEqualTo("close");
    }

    @Test
    void anAnswerAfterTheFileWasReadKeepsItsConnection() {
        ResponseEntity<Map<String, Object>> answer = controller.refused(new LedgerException(ErrorCode.UNAVAILABLE, null, "no room"), read());
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.CONNECTION)).isFalse();
    }

    @Test
    void aRequestThatSignInRefusedIsCountedWithoutALogLine(CapturedOutput output) {
        ResponseEntity<Map<String, Object>> answer = controller.refused(
                new LedgerException(ErrorCode.UNAUTHENTICATED, null, "sign in"), read());
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(meters.counter("parledger.refusals", "code", "UNAUTHENTICATED", "limit", "none").count()).isEqualTo(1);
        assertThat(output.getOut()).doesNotContain("Refused evidence request");
        // A signed-in person's refusal is one line, naming its field when there is one.
        controller.refused(new LedgerException(ErrorCode.WRONG_UNIT, null, "not your unit"), read());
        controller.refused(new LedgerException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "content", "not a PDF"), read());
        assertThat(output.getOut()).contains("Refused evidence request: WRONG_UNIT - not your unit",
                "Refused evidence request: UNSUPPORTED_MEDIA_TYPE (content) - not a PDF").doesNotContain("(null)");
    }

    /** An upload whose body has not been read. */
    private static MockHttpServletRequest unread() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/evidence");
        request.setContent(new byte[100]);
        return request;
    }

    /** An upload whose body has been read whole. */
    private static MockHttpServletRequest read() {
        MockHttpServletRequest request = unread();
        try {
            request.getInputStream().readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return request;
    }
}
