package org.parledger.app.integrity;

import graphql.GraphQLContext;
import org.parledger.api.common.Inputs;
import org.parledger.api.common.Role;
import org.parledger.command.support.CurrentActor;
import org.parledger.command.support.Permissions;
import org.parledger.proof.Checkpoint;
import org.parledger.proof.Ed25519;
import org.parledger.query.support.ReadAccess;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/** Checkpoints, verification and figure proofs over GraphQL. */
@Controller
class IntegrityController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Checkpoints checkpoints;
    private final LedgerVerification verification;
    private final Verifications verifications;
    private final FigureProofs proofs;
    private final LedgerKey key;
    private final CurrentActor actors;

    IntegrityController(Checkpoints checkpoints, LedgerVerification verification, Verifications verifications,
                        FigureProofs proofs, LedgerKey key, CurrentActor actors) {
        this.checkpoints = checkpoints;
        this.verification = verification;
        this.verifications = verifications;
        this.proofs = proofs;
        this.key = key;
        this.actors = actors;
    }

    record LedgerKeyView(String publicKey, String keyId) {
    }

    @QueryMapping
    List<Checkpoint> ledgerCheckpoints() {
        return checkpoints.all().stream().map(Checkpoints.Signed::checkpoint).toList();
    }

    @QueryMapping
    Checkpoint ledgerCheckpoint(@Argument int number) {
        return checkpoints.number(number).orElse(null);
    }

    @QueryMapping
    LedgerKeyView ledgerKey() {
        return new LedgerKeyView(key.encodedPublicKey(), key.keyId());
    }

    @QueryMapping
    List<String> checkpointConsistency(@Argument int from, @Argument int to) {
        return checkpoints.consistency(from, to);
    }

    @MutationMapping
    Checkpoint signCheckpoint(GraphQLContext context) {
        var principal = actors.of(context);
        Permissions.actingAs(principal, Role.ADMIN);
        return checkpoints.sign(principal);
    }

    @QueryMapping
    LedgerVerification.Report verifyLedger(GraphQLContext context) {
        ReadAccess.requireRole(context, "verifying the ledger", Role.ADMIN, Role.INSPECTOR);
        // Recorded like the periodic ones: what anyone found is what every node's health and meters then show.
        return verifications.verifyAndRecord("verifyLedger by " + ReadAccess.principal(context).subject());
    }

    @QueryMapping
    LedgerVerification.DocumentCheck verifyCheckpoint(@Argument String document, GraphQLContext context) {
        ReadAccess.requireRole(context, "verifying a checkpoint", Role.ADMIN, Role.INSPECTOR);
        Checkpoint kept = LedgerVerification.document(document);
        return verification.verify(kept);
    }

    @QueryMapping
    String figureProof(@Argument String unit, @Argument int year, @Argument String stage, GraphQLContext context) {
        ReadAccess.requireRole(context, "a figure's proof", Role.ADMIN, Role.INSPECTOR);
        return proofs.json(proofs.prove(Inputs.assessment(unit, year, ""), stage));
    }

    @SchemaMapping(typeName = "LedgerCheckpoint")
    java.time.Instant signedAt(Checkpoint checkpoint) {
        return java.time.Instant.parse(checkpoint.signedAt());
    }

    @SchemaMapping(typeName = "LedgerCheckpoint")
    String keyId(Checkpoint checkpoint) {
        return Ed25519.keyId(Ed25519.publicKey(checkpoint.publicKey()));
    }

    @SchemaMapping(typeName = "LedgerCheckpoint")
    String document(Checkpoint checkpoint) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(checkpoint);
    }
}
