package org.parledger.command.support;

import org.apache.commons.codec.digest.DigestUtils;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolution;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The requests that recorded an assessment's latest changes, as its events' metadata names them (an aggregate member),
 * so that a retry is answered from the stream itself when {@code cs_processed_request} has no row for it yet. Only the
 * assessments keep them: changes to units, index sets and rounds take no request id from clients (the sample data sends
 * its own, and a node that loads it waits for the follower first).
 * <p>
 * Only on Axon Server, where a command's events commit there before its row commits in PostgreSQL: a node killed
 * between the two leaves events without a row, and a retry that reaches another node before
 * {@link ProcessedRequestsCatchUp} has put the row back would record the change a second time. That node loads the
 * aggregate from Axon Server, events and metadata, before it handles the retry, so the aggregate knows. On PostgreSQL's
 * ledger the row commits with the events and this stays empty (the events there name only the request id).
 * <p>
 * Bounded: the last {@value #KEPT} requests of the stream; a retry comes seconds after its request, and the follower
 * restores the row within about as long, after which the row answers it.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class RecordedRequests {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecordedRequests.class);
    static final int KEPT = 32;

    /** Oldest first. */
    private List<Recorded> latest = new ArrayList<>();

    /**
     * @param requestId the client's id
     * @param version   the stream's version after the request's last event: what the command answered
     * @param request   the command's type and argument hash, digested: whether a retry asks the same
     */
    record Recorded(String requestId, long version, String request) {
    }

    @EventSourcingHandler
    void on(Object event, @SequenceNumber long sequence,
            @MetaDataValue(ProcessedRequests.REQUEST_ID) String requestId,
            @MetaDataValue(ProcessedRequests.REQUEST_COMMAND) String command,
            @MetaDataValue(ProcessedRequests.REQUEST_HASH) String hash) {
        if (requestId == null || command == null || hash == null) return;
        // A command's events follow each other: the last one's sequence is its answer.
        if (!latest.isEmpty() && latest.get(latest.size() - 1).requestId().equals(requestId)) {
            latest.remove(latest.size() - 1);
        } else if (latest.size() == KEPT) {
            latest.remove(0);
        }
        latest.add(new Recorded(requestId, sequence, digest(command, hash)));
    }

    /**
     * Answers a command whose request this stream has already recorded with the version the first attempt answered,
     * without handling it again; refuses a request id reused for another command (CONFLICT, as {@link ProcessedRequests}
     * does); otherwise proceeds.
     * <p>
     * A retry keeps the first attempt's expectedVersion, which the first attempt's own events have since passed: the
     * retry changes nothing, so nothing after that version conflicts with it, and it is answered as
     * {@link ProcessedRequests} answers it where the row is there (Axon checks the version as the unit of work commits,
     * unless a handler looked at what came after it: this one did).
     */
    public Object answerOrProceed(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        Optional<Long> version = recorded(command);
        if (version.isEmpty()) return chain.proceed();
        ConflictResolution.getConflictResolver().detectConflicts(unseen -> false);
        return version.get();
    }

    /**
     * The stream's version after the command's request, if this stream recorded it; CONFLICT if its id recorded
     * another command or other arguments. For a handler that changes several streams in one unit of work (survey
     * results, a publication): one stream of theirs that recorded the request means all of them did.
     */
    public Optional<Long> recorded(CommandMessage<?> command) {
        Object requestId = command.getMetaData().get(ProcessedRequests.REQUEST_ID);
        if (requestId == null || latest.isEmpty()) return Optional.empty();
        for (Recorded recorded : latest) {
            if (!recorded.requestId().equals(requestId.toString())) continue;
            if (!recorded.request().equals(digest(command.getPayloadType().getName(), ProcessedRequests.hash(command.getPayload())))) {
                throw new LedgerException(ErrorCode.CONFLICT, "requestId", "request id " + requestId
                        + " recorded version " + recorded.version() + " of this stream with another command or other"
                        + " arguments; a retry sends exactly the same, a new change needs a new id");
            }
            // Rare (a node killed between its two commits, and a retry before the follower restored the row): worth a line.
            LOG.info("Request {} ({}) was recorded at version {} of this stream; answered without recording it again",
                    requestId, command.getPayloadType().getSimpleName(), recorded.version());
            return Optional.of(recorded.version());
        }
        return Optional.empty();
    }

    /** Half of a SHA-256 (128 bits): enough to tell a retry from another request, and a kept request stays small. */
    private static String digest(String command, String hash) {
        return DigestUtils.sha256Hex((command + ' ' + hash).getBytes(StandardCharsets.UTF_8)).substring(0, 32);
    }
}
