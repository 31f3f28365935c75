package org.parledger.command.support;

import org.junit.jupiter.api.Test;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Grant;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.unit.UnitCode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PermissionsTest {
    private static final java.util.function.Predicate<String> ANYWHERE = jurisdiction -> true;
    private static final LeafRule SNV_LEAF = new LeafRule("1.2", "1", new BigDecimal("6"), ScoringSource.EVIDENCE, "SNV", false);

    private static Principal holding(String... grants) {
        return new Principal("p-1", null, List.of(grants).stream().map(Grant::parse).toList(), Principal.BEARER, null);
    }

    private static ErrorCode refusal(Runnable check) {
        try {
            check.run();
        } catch (LedgerException e) {
            return e.code();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void theFirstAllowedRoleHeldIsTheActor() {
        assertThat(Permissions.actingAs(holding("SURVEY", "ADMIN", "COUNCIL"), Role.COUNCIL, Role.ADMIN))
                .isEqualTo(new Actor("p-1", "COUNCIL", null));
        assertThat(refusal(() -> Permissions.actingAs(holding("INSPECTOR"), Role.ADMIN))).isEqualTo(ErrorCode.WRONG_ROLE);
        assertThat(refusal(() -> Permissions.actingAs(holding(), Role.ADMIN))).isEqualTo(ErrorCode.WRONG_ROLE);
    }

    @Test
    void anAssessorActsForTheUnitOfOneOfTheirGrants() {
        assertThat(Permissions.assessorOf(holding("ASSESSOR:31", "ASSESSOR:22"), new UnitCode("22")))
                .isEqualTo(new Actor("p-1", "ASSESSOR", "22"));
        assertThat(refusal(() -> Permissions.assessorOf(holding("ASSESSOR:31"), new UnitCode("22")))).isEqualTo(ErrorCode.WRONG_UNIT);
        assertThat(refusal(() -> Permissions.assessorOf(holding("COUNCIL"), new UnitCode("22")))).isEqualTo(ErrorCode.WRONG_ROLE);
    }

    @Test
    void anAppraiserActsForTheLeafsAgencyTheCouncilForAny() {
        assertThat(Permissions.appraiserOf(holding("APPRAISER:STP", "APPRAISER:SNV"), SNV_LEAF, ANYWHERE, null))
                .isEqualTo(new Actor("p-1", "APPRAISER", "SNV"));
        assertThat(Permissions.appraiserOf(holding("APPRAISER:STP", "COUNCIL"), SNV_LEAF, ANYWHERE, null))
                .isEqualTo(new Actor("p-1", "COUNCIL", null));
        assertThat(refusal(() -> Permissions.appraiserOf(holding("APPRAISER:STP"), SNV_LEAF, ANYWHERE, null))).isEqualTo(ErrorCode.WRONG_AGENCY);
        assertThat(refusal(() -> Permissions.appraiserOf(holding("ASSESSOR:22"), SNV_LEAF, ANYWHERE, null))).isEqualTo(ErrorCode.WRONG_ROLE);
    }

    @Test
    void anAppraiserLimitedToAJurisdictionAppraisesOnlyWithinIt() {
        java.util.function.Predicate<String> inQuangNinh = "22"::equals;
        assertThat(Permissions.appraiserOf(holding("APPRAISER:SNV@01", "APPRAISER:SNV@22"), SNV_LEAF, inQuangNinh, null))
                .isEqualTo(new Actor("p-1", "APPRAISER", "SNV@22"));
        assertThat(refusal(() -> Permissions.appraiserOf(holding("APPRAISER:SNV@01"), SNV_LEAF, inQuangNinh, null)))
                .isEqualTo(ErrorCode.WRONG_UNIT);
        assertThat(Grant.parse("APPRAISER:SNV@22").agency()).isEqualTo("SNV");
        assertThat(Grant.parse("APPRAISER:SNV@22").jurisdiction()).isEqualTo("22");
        assertThatThrownBy(() -> Grant.parse("ASSESSOR:22@01")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grant.parse("APPRAISER:SNV@")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void separationOfDutiesComparesSubjects() {
        assertThat(refusal(() -> Permissions.requireNoneOf(holding("COUNCIL"), Set.of("p-1"), "verify", "appraised")))
                .isEqualTo(ErrorCode.SEPARATION_OF_DUTIES);
        Permissions.requireNoneOf(holding("COUNCIL"), Set.of("p-2"), "verify", "appraised");
    }

    @Test
    void grantsAreWrittenRoleColonScopeAndScopedRolesNeedTheirScope() {
        assertThat(Grant.parse(" assessor:22 ")).isEqualTo(new Grant(Role.ASSESSOR, "22"));
        assertThat(Grant.parse("COUNCIL").toString()).isEqualTo("COUNCIL");
        assertThatThrownBy(() -> Grant.parse("ASSESSOR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grant.parse("SURVEY:22")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grant.parse("COUNCIL:SNV@22")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Grant.parse("COUNCIL:22").province()).isEqualTo(new UnitCode("22"));
        assertThat(Grant.parse("ADMIN").province()).isNull();
        assertThatThrownBy(() -> Grant.parse("SUPERUSER")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Grant.parse("ASSESSOR:2\u00002")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProvincesCouncilActsInItsOwnRoundsTheNationalCouncilInTheNationalOnesAnAdminWithoutProvinceEverywhere() {
        UnitCode quangNinh = new UnitCode("22");
        assertThat(Permissions.actingWithin(holding("COUNCIL:22"), quangNinh, Role.COUNCIL))
                .isEqualTo(new Actor("p-1", "COUNCIL", "22"));
        assertThat(refusal(() -> Permissions.actingWithin(holding("COUNCIL:01"), quangNinh, Role.COUNCIL))).isEqualTo(ErrorCode.WRONG_SCOPE);
        assertThat(refusal(() -> Permissions.actingWithin(holding("COUNCIL"), quangNinh, Role.COUNCIL))).isEqualTo(ErrorCode.WRONG_SCOPE);
        assertThat(refusal(() -> Permissions.actingAs(holding("COUNCIL:22"), Role.COUNCIL))).isEqualTo(ErrorCode.WRONG_SCOPE);
        assertThat(Permissions.actingAs(holding("COUNCIL"), Role.COUNCIL)).isEqualTo(new Actor("p-1", "COUNCIL", null));
        assertThat(Permissions.actingWithin(holding("ADMIN"), quangNinh, Role.ADMIN)).isEqualTo(new Actor("p-1", "ADMIN", null));
        assertThat(Permissions.actingWithin(holding("ADMIN:22"), quangNinh, Role.ADMIN)).isEqualTo(new Actor("p-1", "ADMIN", "22"));
        assertThat(refusal(() -> Permissions.actingAs(holding("ADMIN:22"), Role.ADMIN))).isEqualTo(ErrorCode.WRONG_SCOPE);
        assertThat(refusal(() -> Permissions.actingWithin(holding("SURVEY"), quangNinh, Role.COUNCIL))).isEqualTo(ErrorCode.WRONG_ROLE);
        // Appraising: the round's council appraises any leaf; another round's council is out of scope.
        assertThat(Permissions.appraiserOf(holding("COUNCIL:22"), SNV_LEAF, ANYWHERE, quangNinh)).isEqualTo(new Actor("p-1", "COUNCIL", "22"));
        assertThat(refusal(() -> Permissions.appraiserOf(holding("COUNCIL"), SNV_LEAF, ANYWHERE, quangNinh))).isEqualTo(ErrorCode.WRONG_SCOPE);
    }
}
