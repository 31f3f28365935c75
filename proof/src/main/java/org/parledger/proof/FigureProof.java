package org.parledger.proof;

import java.util.List;
import java.util.Map;

/**
 * The proof of one unit-year's figure, as handed to an inspector: the checkpoint it is proven against, and every
 * event of the unit-year's stream and of its index set's stream up to that checkpoint, each with its stored bytes,
 * its hash and its inclusion proof in the checkpoint's tree. {@link VerifyProof} checks all of it without a server.
 *
 * @param claim what the ledger states: the figure at a stage, to be recomputed from the events
 */
public record FigureProof(String kind, String unit, int year, Claim claim, Checkpoint checkpoint, List<Stream> streams) {
    public static final String KIND = "par-ledger/figure-proof/v1";

    /**
     * @param stage             FINAL (as it stands after corrections) or PUBLISHED (as published)
     * @param points            the points, survey included, less deductions
     * @param attainableMaximum the maximum the unit could attain under the rules
     * @param index             points / attainable maximum × 100
     * @param rank              the published rank, for PUBLISHED
     */
    public record Claim(String stage, String points, String attainableMaximum, String index, Integer rank) {
    }

    public record Stream(String stream, List<Event> events) {
    }

    /**
     * @param payload        the payload's stored bytes, Base64
     * @param metadata       the stored metadata
     * @param hash           the event's hash (hex), as recorded
     * @param leafIndex      its place among the checkpoint's entries
     * @param inclusionProof the audit path (hex), leaf to root
     */
    public record Event(long position, long leafIndex, String eventId, String aggregateType, String aggregateId,
                        long sequence, long timestampMillis, String payloadType, String payloadRevision, String payload,
                        Map<String, Object> metadata, String hash, List<String> inclusionProof) {
    }
}
