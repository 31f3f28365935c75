package org.parledger.app.evidence;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.parledger.api.assessment.EvidenceFile;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Inputs;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Names;
import org.parledger.api.common.Principal;
import org.parledger.api.unit.UnitCode;
import org.parledger.app.config.UnreadBodies;
import org.parledger.app.security.Credentials;
import org.parledger.app.security.HttpRefusal;
import org.parledger.app.security.MutationRateLimit;
import org.parledger.app.security.RefusalCounter;
import org.parledger.command.evidence.EvidenceProperties;
import org.parledger.command.evidence.EvidenceStore;
import org.parledger.command.support.DatabaseOutage;
import org.parledger.command.support.LateMeterRegistry;
import org.parledger.command.support.Permissions;
import org.parledger.query.support.ReadAccess;
import org.parledger.query.support.UnitScopes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Evidence files over HTTP, outside GraphQL (whose bodies stop at 1 MB). {@code POST /evidence?unit=22&name=QD-12.pdf}
 * with the file as the body, by an assessor of the unit: answers the file's SHA-256, which a self-score then cites
 * ({@code evidence: {files: [{sha256: …}]}}). {@code GET /evidence/<sha256>} gives the file back, checked against its
 * hash, to those who read the working figures of a unit it was uploaded for; anonymous readers never. Refusals are JSON
 * with a stable code and field, as in GraphQL: 401 UNAUTHENTICATED, 403 WRONG_ROLE / WRONG_UNIT, 400 INVALID_ARGUMENT,
 * 404 NOT_FOUND, 413 REQUEST_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE, 429 RATE_LIMITED (a person's uploads within a period,
 * parledger.evidence.rate-limit, with Retry-After), 503 UNAVAILABLE (no room in flight just now, the database or the
 * evidence directory unable to take the file just now; with Retry-After), 500
 * INTEGRITY_VIOLATION (the bytes no longer match).
 */
@RestController
class EvidenceController {
    private static final java.util.regex.Pattern SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    private static final Logger log = LoggerFactory.getLogger(EvidenceController.class);
    /** When a request answered UNAVAILABLE (no room for its file just now) may try again. */
    private static final int RETRY_AFTER_SECONDS = 2;
    private final EvidenceStore store;
    private final Credentials credentials;

    private final long maxSize;
    private final InFlightBytes inFlight;
    private final UploadsInProgress uploadsInProgress;

    private final UnitScopes scopes;
    private final EvidenceProperties.RateLimit rateLimit;
    private final LateMeterRegistry meters;

    EvidenceController(EvidenceStore store, Credentials credentials, EvidenceProperties properties, UnitScopes scopes,
                       ObjectProvider<MeterRegistry> meters) {
        this.store = store;
        this.rateLimit = properties.rateLimit();
        this.meters = new LateMeterRegistry(meters);
        this.scopes = scopes;
        this.credentials = credentials;
        this.maxSize = properties.maxSize().toBytes();
        this.inFlight = new InFlightBytes(properties.inFlight().toBytes(), properties.inFlightWait());
        this.uploadsInProgress = new UploadsInProgress(properties.uploadsPerPerson());
    }

    @PostMapping("/evidence")
    ResponseEntity<Map<String, Object>> upload(@RequestParam(required = false) String unit,
                                               @RequestParam(required = false) String name, HttpServletRequest request)
            throws IOException {
        Principal principal = signedIn(request);
        if (unit == null) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "unit", "name the unit the file is evidence for");
        if (name == null) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "name", "give the file's name");
        UnitCode code = Inputs.unit(unit, "unit");
        Permissions.assessorOf(principal, code);
        // What a form on another site can send without asking (CORS) is refused: an upload is never made on someone's
        // behalf by a page they happen to visit while their browser holds their password.
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(java.util.Locale.ROOT);
        if (type.isEmpty() || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")
                || type.startsWith("text/plain")) {
            throw new LedgerException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "send the file's bytes as the body, "
                    + "with its type (e.g. application/pdf) or application/octet-stream");
        }
        if (request.getContentLengthLong() > maxSize) {
            throw new LedgerException(ErrorCode.REQUEST_TOO_LARGE, "body", "an evidence file is at most " + maxSize + " bytes");
        }
        // Held whole while stored: room for its length (for the largest file when the length is not told).
        long length = request.getContentLengthLong() < 0 ? maxSize : request.getContentLengthLong();
        EvidenceStore.Stored stored;
        try (InFlightBytes.Held uploading = uploadsInProgress.hold(principal.subject());
             InFlightBytes.Held held = inFlight.hold(length)) {
            // Within the hold: uploads that wait for room are counted against what is stored by the time they get it.
            withinRateLimit(principal.subject(), request.getContentLengthLong());
            stored = store.store(request.getInputStream(), name, code, principal.subject());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("sha256", stored.sha256());
        answer.put("name", stored.name());
        answer.put("mediaType", stored.mediaType());
        answer.put("size", stored.size());
        answer.put("unit", code.value());
        log.info("Evidence {} ({}, {} bytes) uploaded for {} by {}", stored.sha256(), stored.mediaType(), stored.size(),
                code.value(), principal.subject());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @GetMapping("/evidence/{sha256}")
    void download(@PathVariable String sha256, @RequestParam(required = false) String name, HttpServletRequest request,
                  HttpServletResponse response) throws IOException {
        Principal principal = signedIn(request);
        if (!SHA256.matcher(sha256).matches()) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "sha256", "an evidence file is named by the SHA-256 of its bytes: 64 lowercase hexadecimal digits");
        }
        String filename = name == null || name.isBlank() ? sha256 : downloadName(name);
        boolean readable = store.unitsOf(sha256).stream().anyMatch(unit -> ReadAccess.seesWorkingFigures(principal, unit, null, scopes));
        if (!readable) {
            // The same answer for a file that is not kept and one the reader may not see: a hash is not a way to probe.
            throw new LedgerException(ErrorCode.NOT_FOUND, "sha256", "no evidence file " + sha256 + " that "
                    + principal.subject() + " may read");
        }
        long size = store.size(sha256).orElseThrow(() ->
                new LedgerException(ErrorCode.NOT_FOUND, "sha256", "no evidence file " + sha256));
        // Held whole from reading to sending: written here, within the hold, not after the handler returns.
        try (InFlightBytes.Held held = inFlight.hold(size)) {
            EvidenceStore.Content content = store.read(sha256).orElseThrow(() ->
                    new LedgerException(ErrorCode.NOT_FOUND, "sha256", "no evidence file " + sha256));
            response.setContentType(content.mediaType());
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename(filename, StandardCharsets.UTF_8).build().toString());
            response.setHeader(HttpHeaders.ETAG, "\"" + sha256 + "\"");
            // A stored file is never run in the application's origin, whatever is in it.
            response.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable");
            response.setContentLength(content.bytes().length);
            response.getOutputStream().write(content.bytes());
            response.flushBuffer();
        }
    }

    /**
     * The name a download is saved under, held to the rules of a recorded one: no direction overrides (U+202E shows
     * "fdp.exe" as "exe.pdf"), no control or invisible characters, at most 255 characters. A slash becomes "_", so that
     * a decision's number ("QĐ 12/QĐ-UBND.pdf") stays whole and is no path.
     */
    private static String downloadName(String name) {
        try {
            return Names.normalise(name.replaceAll("[/\\\\]", "_"), EvidenceFile.MAX_NAME_LENGTH, "the file's name");
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "name", e.getMessage());
        }
    }

    /**
     * Refuses an upload that would take what its person uploaded within the period past the limit (its told length
     * counted; uploads stored at the same moment each pass on what was stored before them, so a person can overshoot by
     * at most what a node holds in flight, parledger.evidence.in-flight).
     */
    private void withinRateLimit(String subject, long declaredLength) {
        long limit = rateLimit.bytes().toBytes();
        if (limit <= 0) return;
        EvidenceStore.Uploaded uploaded = store.uploadedBy(subject, rateLimit.per());
        if (uploaded.bytes() + Math.max(declaredLength, 0) <= limit) return;
        // When the earliest upload of the period leaves it: room for at least that much again.
        long seconds = uploaded.earliest() == null ? rateLimit.per().toSeconds()
                : Math.max(1, Duration.between(Instant.now(), uploaded.earliest().plus(rateLimit.per())).toSeconds() + 1);
        throw new MutationRateLimit.RateLimited("evidence-bytes", "body", seconds, subject + " has uploaded " + uploaded.bytes()
                + " bytes of evidence files within " + rateLimit.per() + " and may upload at most " + limit + "; retry after "
                + seconds + " s");
    }

    private Principal signedIn(HttpServletRequest request) {
        Principal principal = credentials.principal(SecurityContextHolder.getContext().getAuthentication(),
                new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()));
        if (principal == null) {
            throw new LedgerException(ErrorCode.UNAUTHENTICATED, null, "evidence files are for the people in the workflow: sign in");
        }
        return principal;
    }

    /**
     * The database out of reach or unable to take the file (full, out of connections: {@link DatabaseOutage}) is 503
     * UNAVAILABLE with Retry-After, as GraphQL answers it, not Spring's 500 with a stack in the log for every try.
     * Anything else goes on to Spring's error answer (INTERNAL_ERROR).
     */
    @ExceptionHandler({DataAccessException.class, TransactionException.class})
    ResponseEntity<Map<String, Object>> databaseCannotTakeIt(RuntimeException e, HttpServletRequest request) {
        if (!DatabaseOutage.is(e)) throw e;
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        log.warn("Answered UNAVAILABLE: the database cannot take it just now ({}: {})", root.getClass().getSimpleName(), root.getMessage());
        return refused(new LedgerException(DatabaseOutage.error()), request);
    }

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<Map<String, Object>> refused(LedgerException e, HttpServletRequest request) {
        HttpStatus status = switch (e.code()) {
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case WRONG_ROLE, WRONG_UNIT -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case REQUEST_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case INTEGRITY_VIOLATION -> HttpStatus.INTERNAL_SERVER_ERROR;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            default -> HttpStatus.BAD_REQUEST;
        };
        RefusalCounter.count(meters.get(), e.code(), e);
        if (e.code() == ErrorCode.INTEGRITY_VIOLATION) log.error(e.getMessage());
        // A request refused to a signed-in person is logged, one line, as a refused change is; one that sign-in refused is
        // only counted: a line each let anyone write to the log as fast as they could send requests.
        else if (e.code() != ErrorCode.UNAUTHENTICATED) log.info("Refused evidence request: {}{} - {}", e.code(),
                e.field() == null ? "" : " (" + e.field() + ")", e.getMessage());
        Map<String, Object> body = HttpRefusal.body(status.value(), e.code(), e.field(), e.getMessage());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        Integer said = e.error().retryAfterSeconds();
        long retryAfter = said != null ? said : e.code() == ErrorCode.UNAVAILABLE ? RETRY_AFTER_SECONDS : 0;
        if (retryAfter > 0) {
            body.put("retryAfterSeconds", retryAfter);
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        }
        // Refused before the file was read whole: the connection ends after this answer (the rest of the file is not
        // waited for on a request thread, see UnreadBodies), and the client is told so before the answer is sent.
        if (UnreadBodies.leftUnread(request)) answer.header(HttpHeaders.CONNECTION, "close");
        return answer.body(body);
    }
}
