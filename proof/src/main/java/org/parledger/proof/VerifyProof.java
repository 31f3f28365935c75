package org.parledger.proof;

import org.parledger.api.assessment.RecordedScores;
import org.parledger.api.assessment.Totals;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.IndexSetHistory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The offline verifier: {@code java -jar proof/target/par-ledger-verify.jar proof.json [--key <public key>]}.
 * Checks, without any server, that the checkpoint is signed (by the given installation key, when one is given),
 * that every event's stored bytes give its recorded hash and chain to its predecessor, that every event is in the
 * checkpoint's tree, and that the figure claimed is what the events compute under the index set's rules.
 * Prints one line per check and, last, the verdict; exits 0 when everything holds, 1 otherwise.
 */
public final class VerifyProof {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** What was checked, and the first thing that did not hold. */
    public record Report(List<String> checked, List<String> failures) {
        public boolean holds() {
            return failures.isEmpty();
        }
    }

    private VerifyProof() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java -jar par-ledger-verify.jar proof.json [--key <installation public key, Base64>]");
            System.exit(2);
        }
        String key = args.length >= 3 && args[1].equals("--key") ? args[2] : null;
        FigureProof proof = JSON.readValue(Files.readAllBytes(Path.of(args[0])), FigureProof.class);
        Report report = verify(proof, key);
        report.checked().forEach(line -> System.out.println("ok    " + line));
        report.failures().forEach(line -> System.out.println("FAIL  " + line));
        System.out.println(report.holds()
                ? "VERIFIED: " + proof.unit() + "/" + proof.year() + " " + proof.claim().stage() + " " + proof.claim().index()
                + " follows from the events in checkpoint #" + proof.checkpoint().number()
                : "NOT VERIFIED: " + report.failures().size() + " check(s) failed");
        System.exit(report.holds() ? 0 : 1);
    }

    public static Report verify(FigureProof proof, String expectedKey) {
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Checkpoint checkpoint = proof.checkpoint();
        if (!FigureProof.KIND.equals(proof.kind())) failures.add("not a figure proof: " + proof.kind());
        if (expectedKey != null && !expectedKey.strip().equals(checkpoint.publicKey())) {
            failures.add("checkpoint #" + checkpoint.number() + " is signed by key " + Ed25519.keyId(Ed25519.publicKey(checkpoint.publicKey()))
                    + ", not by the installation's key " + Ed25519.keyId(Ed25519.publicKey(expectedKey)));
        }
        if (checkpoint.signatureHolds()) {
            checked.add("checkpoint #" + checkpoint.number() + " (" + checkpoint.treeSize() + " events, root " + checkpoint.rootHash()
                    + ") is signed by key " + Ed25519.keyId(Ed25519.publicKey(checkpoint.publicKey())));
        } else {
            failures.add("checkpoint #" + checkpoint.number() + ": the signature does not hold");
        }
        byte[] root = Hashes.fromHex(checkpoint.rootHash());
        IndexSetDefinition rules = null;
        RecordedScores scores = new RecordedScores();
        for (FigureProof.Stream stream : proof.streams()) {
            byte[] previous = EventHashing.NO_PREVIOUS;
            long expectedSequence = 0;
            for (FigureProof.Event e : stream.events()) {
                String where = stream.stream() + " #" + e.sequence();
                if (e.sequence() != expectedSequence) {
                    failures.add(where + ": expected event #" + expectedSequence + " of the stream; events are missing");
                }
                expectedSequence = e.sequence() + 1;
                byte[] payload = Base64.getDecoder().decode(e.payload());
                StoredEvent stored = new StoredEvent(e.position(), e.eventId(), e.aggregateType(), e.aggregateId(), e.sequence(),
                        e.timestampMillis(), e.payloadType(), e.payloadRevision(), payload, e.metadata());
                byte[] hash = EventHashing.hash(stored, previous);
                byte[] recorded = stored.recordedHash();
                if (recorded != null && !Arrays.equals(recorded, hash)) {
                    failures.add(where + ": its stored bytes do not give the hash recorded with it");
                }
                if (!Hashes.hex(hash).equals(e.hash())) failures.add(where + ": its hash is not the one the proof states");
                if (e.position() > checkpoint.position() || !MerkleTree.verifyInclusion(hash, e.leafIndex(), checkpoint.treeSize(),
                        e.inclusionProof().stream().map(Hashes::fromHex).toList(), root)) {
                    failures.add(where + ": not in checkpoint #" + checkpoint.number() + " at entry " + e.leafIndex());
                }
                previous = hash;
                Object event = payload(e.payloadType(), payload);
                if (stream.stream().startsWith("index-set:")) rules = IndexSetHistory.fold(rules, event);
                else scores.apply(event);
            }
            checked.add(stream.stream() + ": " + stream.events().size() + " events hash, chain and are in the checkpoint");
        }
        if (rules == null || scores.id == null) {
            failures.add("the proof lacks the index set's or the assessment's events");
            return new Report(checked, failures);
        }
        Totals totals = scores.totals(rules);
        BigDecimal points = totals.appraisedWithSurvey();
        BigDecimal index = Totals.index(points, totals.attainableMaximum());
        FigureProof.Claim claim = proof.claim();
        if ("PUBLISHED".equals(claim.stage())) {
            if (scores.publication == null) {
                failures.add("the events hold no publication");
            } else {
                compare(failures, checked, "published index", scores.publication.index(), claim.index());
                if (claim.rank() == null || claim.rank() != scores.publication.rank()) {
                    failures.add("published rank: the events say " + scores.publication.rank() + ", the claim " + claim.rank());
                } else {
                    checked.add("published rank " + claim.rank() + " of " + scores.publication.rankedUnits());
                }
            }
        } else {
            compare(failures, checked, "points", points, claim.points());
            compare(failures, checked, "attainable maximum", totals.attainableMaximum(), claim.attainableMaximum());
            compare(failures, checked, "index", index, claim.index());
        }
        return new Report(checked, failures);
    }

    private static void compare(List<String> failures, List<String> checked, String what, BigDecimal computed, String claimed) {
        if (claimed == null || computed.compareTo(new BigDecimal(claimed)) != 0) {
            failures.add(what + ": the events compute " + computed.toPlainString() + ", the claim is " + claimed);
        } else {
            checked.add(what + " " + computed.toPlainString() + " recomputed from the events");
        }
    }

    /** The stored payload as the contract's type; only the contract's types are read. */
    static Object payload(String type, byte[] bytes) {
        if (!type.startsWith("org.parledger.api.")) throw new IllegalArgumentException("not an event of the ledger: " + type);
        try {
            return JSON.readValue(bytes, Class.forName(type));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown event type " + type, e);
        }
    }
}
