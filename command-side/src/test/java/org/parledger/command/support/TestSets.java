package org.parledger.command.support;

import org.parledger.api.common.Actor;
import org.parledger.api.common.Grant;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.Agency;
import org.parledger.api.indexset.ClassificationBand;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetCode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** A small, valid provincial index set: 15 points, two fields, one survey leaf. */
public final class TestSets {
    public static final IndexSetCode CODE = new IndexSetCode("TEST-SET");
    public static final Actor ADMIN = new Actor("admin-1", "ADMIN");

    private TestSets() {
    }

    /** The principal that holds exactly this actor's grant (the actor its events record). */
    public static Principal by(Actor actor) {
        return Principal.system(actor.userId(), new Grant(Role.valueOf(actor.role()), actor.scope()));
    }

    public static IndexNode leaf(String code, String maximum, ScoringSource source) {
        return new IndexNode(code, "Tiêu chí " + code, new BigDecimal(maximum), source, null, false, List.of());
    }

    public static IndexNode node(String code, String maximum, IndexNode... children) {
        return new IndexNode(code, "Nhóm " + code, new BigDecimal(maximum), null, null, false, List.of(children));
    }

    /** A set with these fields; a field that names no appraising agency is appraised by Home Affairs (SNV). */
    public static IndexSetDefinition withFields(String scale, IndexNode... fields) {
        return new IndexSetDefinition(CODE, "Bộ chỉ số thử", "1/QĐ-TEST", null, Level.PROVINCE, 2022, 2025,
                new BigDecimal(scale), List.of(new Agency("SNV", "Sở Nội vụ"), new Agency("STP", "Sở Tư pháp")),
                Arrays.stream(fields).map(f -> f.appraisingAgency() == null ? f.withAppraisingAgency("SNV") : f).toList(),
                List.of(new ClassificationBand("A", new BigDecimal("90")), new ClassificationBand("B", new BigDecimal("80"))));
    }

    /**
     * Field 1 (10): 1.1 (4) = 1.1.1 (2) + 1.1.2 (2, may be not applicable), and 1.2 (6); field 2 (5): survey
     * leaf 2.1.
     */
    public static IndexSetDefinition province() {
        return withFields("15",
                node("1", "10",
                        node("1.1", "4", leaf("1.1.1", "2", ScoringSource.EVIDENCE),
                                leaf("1.1.2", "2", ScoringSource.EVIDENCE).withNotApplicableAllowed(true)),
                        leaf("1.2", "6", ScoringSource.EVIDENCE)),
                node("2", "5", leaf("2.1", "5", ScoringSource.SURVEY)));
    }
}
