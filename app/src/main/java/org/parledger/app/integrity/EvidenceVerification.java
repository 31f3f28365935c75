package org.parledger.app.integrity;

import graphql.GraphQLContext;
import org.parledger.api.common.Role;
import org.parledger.command.evidence.EvidenceStore;
import org.parledger.query.support.ReadAccess;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An inspector's check of the evidence files: every kept file's bytes against its SHA-256, and every file the ledger's
 * self-scores cite (as the audit trail projected them) against what is kept. The events themselves are checked by
 * verifyLedger: together they show that no file under the hash chain changed or went missing.
 */
@Controller
class EvidenceVerification {
    record Report(boolean intact, int files, double bytes, int cited, List<EvidenceStore.Problem> problems) {
    }

    private final EvidenceStore store;
    private final JdbcClient jdbc;

    EvidenceVerification(EvidenceStore store, JdbcClient jdbc) {
        this.store = store;
        this.jdbc = jdbc;
    }

    @QueryMapping
    Report verifyEvidence(GraphQLContext context) {
        ReadAccess.requireRole(context, "verifying the evidence files", Role.ADMIN, Role.INSPECTOR);
        EvidenceStore.Check check = store.verifyAll();
        Set<String> cited = new LinkedHashSet<>();
        jdbc.sql("SELECT evidence_files FROM rv_audit_entry WHERE evidence_files IS NOT NULL").query(String.class).list()
                .forEach(text -> text.lines().forEach(line -> cited.add(line.substring(0, line.indexOf('\t')))));
        List<EvidenceStore.Problem> problems = new ArrayList<>(check.problems());
        store.notKept(cited).forEach(key -> problems.add(new EvidenceStore.Problem(key, "NOT_KEPT")));
        return new Report(problems.isEmpty(), (int) check.files(), check.bytes(), cited.size(), problems);
    }
}
