package org.parledger.app.integrity;

import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.ranking.AssessmentSummary;
import org.parledger.api.ranking.FindAssessment;
import org.parledger.proof.Checkpoint;
import org.parledger.proof.FigureProof;
import org.parledger.proof.Hashes;
import org.parledger.proof.MerkleTree;
import org.parledger.proof.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The proof of one unit-year's figure as the ledger states it (the read model's final figure, or the published
 * one): the events it is computed from, with their stored bytes, hashes and inclusion proofs against the latest
 * checkpoint (signed first if the unit-year or its index set changed since). The offline verifier checks it all.
 */
public final class FigureProofs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LedgerRows rows;
    private final Checkpoints checkpoints;
    private final QueryGateway queries;
    private final JdbcTemplate jdbc;

    public FigureProofs(LedgerRows rows, Checkpoints checkpoints, QueryGateway queries, DataSource dataSource) {
        this.rows = rows;
        this.checkpoints = checkpoints;
        this.queries = queries;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** @param stage FINAL (the figure as it stands after corrections) or PUBLISHED (as published) */
    public FigureProof prove(AssessmentId id, String stage) {
        AssessmentSummary summary = queries.query(new FindAssessment(id, null),
                ResponseTypes.optionalInstanceOf(AssessmentSummary.class)).join()
                .orElseThrow(() -> new LedgerException(ErrorCode.NOT_FOUND, null, "no assessment of " + id + " is recorded"));
        FigureProof.Claim claim;
        if (stage.equals("PUBLISHED")) {
            if (summary.published() == null) throw new LedgerException(ErrorCode.NOT_FOUND, "stage", id + " is not published");
            claim = new FigureProof.Claim(stage, null, null, summary.published().index().toPlainString(), summary.published().rank());
        } else {
            claim = new FigureProof.Claim("FINAL", summary.appraisedPoints().toPlainString(),
                    summary.attainableMaximum().toPlainString(), summary.appraisedIndex().toPlainString(), null);
        }
        String assessmentStream = StreamIds.assessment(id);
        String setStream = StreamIds.indexSet(summary.indexSet());
        Checkpoint checkpoint = checkpoints.all().stream().map(Checkpoints.Signed::checkpoint).reduce((a, b) -> b).orElse(null);
        if (checkpoint == null || lastPosition(assessmentStream) > checkpoint.position() || lastPosition(setStream) > checkpoint.position()) {
            checkpoint = checkpoints.sign(Checkpoints.SIGNER);
        }
        MerkleTree.Prover prover = new MerkleTree.Prover(checkpoints.entries(checkpoint.treeSize()));
        List<FigureProof.Stream> streams = new ArrayList<>();
        for (String stream : List.of(setStream, assessmentStream)) {
            List<FigureProof.Event> events = new ArrayList<>();
            for (StoredEvent e : rows.stream(stream, checkpoint.position())) {
                long leaf = leafIndex(e.position());
                events.add(new FigureProof.Event(e.position(), leaf, e.eventId(), e.aggregateType(), e.aggregateId(),
                        e.sequence(), e.timestampMillis(), e.payloadType(), e.payloadRevision(),
                        Base64.getEncoder().encodeToString(e.payload()), e.metadata(), LedgerRows.hex(leafHash(leaf)),
                        prover.inclusionProof(leaf).stream().map(Hashes::hex).toList()));
            }
            streams.add(new FigureProof.Stream(stream, events));
        }
        return new FigureProof(FigureProof.KIND, id.unit().value(), id.year(), claim, checkpoint, streams);
    }

    public String json(FigureProof proof) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(proof);
    }

    private long lastPosition(String stream) {
        Long position = jdbc.queryForObject("SELECT COALESCE(MAX(globalindex), 0) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, stream);
        return position == null ? 0 : position;
    }

    private long leafIndex(long position) {
        return jdbc.queryForObject("SELECT leaf_index FROM ledger_leaf WHERE position = ?", Long.class, position);
    }

    private byte[] leafHash(long leaf) {
        return jdbc.queryForObject("SELECT event_hash FROM ledger_leaf WHERE leaf_index = ?", byte[].class, leaf);
    }

}
