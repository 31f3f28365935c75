package org.parledger.command.support;

import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Grant;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.unit.UnitCode;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Who may do what. A person may hold several grants; each check picks the grant that allows the command
 * and answers with the {@link Actor} its event records (the subject and that grant). Refusals name no field.
 */
public final class Permissions {
    private Permissions() {
    }

    /**
     * The first of the allowed roles, in the order given, that the principal holds for national matters (the
     * national rounds, units, replays): an ADMIN or COUNCIL grant limited to a province does not count.
     */
    public static Actor actingAs(Principal principal, Role... allowed) {
        return actingWithin(principal, null, allowed);
    }

    /**
     * The first of the allowed roles, in the order given, that the principal holds for a round: the national round
     * (within null) or one province's. An ADMIN grant without a province counts everywhere; a COUNCIL grant counts
     * only in its own rounds (the national council's are the national ones); other roles are not limited here.
     * Holding the role for another round is WRONG_SCOPE.
     */
    public static Actor actingWithin(Principal principal, UnitCode within, Role... allowed) {
        requireRole(principal, allowed);
        for (Role role : allowed) {
            Optional<Grant> grant = principal.grants().stream().filter(g -> g.role() == role && covers(g, within)).findFirst();
            if (grant.isPresent()) return grant.get().actor(principal.subject());
        }
        throw new LedgerException(ErrorCode.WRONG_SCOPE, null, principal.subject() + " holds " + principal.grants()
                + "; this needs " + Arrays.toString(allowed) + (within == null ? " for the national round"
                : " for the rounds of province " + within));
    }

    /** Whether the principal holds one of the roles at all (WRONG_ROLE otherwise), whatever its scope. */
    public static void requireRole(Principal principal, Role... allowed) {
        for (Role role : allowed) if (principal.holds(role)) return;
        throw new LedgerException(ErrorCode.WRONG_ROLE, null,
                principal.subject() + " holds " + principal.grants() + "; this needs " + Arrays.toString(allowed));
    }

    private static boolean covers(Grant grant, UnitCode within) {
        if (!grant.role().provincial()) return true;
        UnitCode province = grant.province();
        if (grant.role() == Role.ADMIN && province == null) return true;
        return java.util.Objects.equals(province, within);
    }

    /** An assessor records for the unit they work for, and for no other. */
    public static Actor assessorOf(Principal principal, UnitCode unit) {
        requireRole(principal, Role.ASSESSOR);
        return principal.grants().stream()
                .filter(g -> g.role() == Role.ASSESSOR && unit.value().equals(g.scope()))
                .findFirst().map(g -> g.actor(principal.subject()))
                .orElseThrow(() -> new LedgerException(ErrorCode.WRONG_UNIT, null,
                        principal.subject() + " is an assessor of " + scopes(principal, Role.ASSESSOR) + ", not of " + unit));
    }

    /**
     * An appraiser appraises only leaves their agency is responsible for, and, when their grant names a
     * jurisdiction, only in units within it ({@code within} tells); the round's council appraises any. A person who is
     * both acts as the leaf's appraiser where they can, so the record names the agency.
     */
    public static Actor appraiserOf(Principal principal, LeafRule leaf, Predicate<String> within, UnitCode round) {
        List<Grant> agency = principal.grants().stream()
                .filter(g -> g.role() == Role.APPRAISER && leaf.appraisingAgency() != null
                        && leaf.appraisingAgency().equals(g.agency()))
                .toList();
        Optional<Grant> here = agency.stream().filter(g -> g.jurisdiction() == null || within.test(g.jurisdiction())).findFirst();
        if (here.isPresent()) return here.get().actor(principal.subject());
        Optional<Grant> council = principal.grants().stream().filter(g -> g.role() == Role.COUNCIL && covers(g, round)).findFirst();
        if (council.isPresent()) return council.get().actor(principal.subject());
        requireRole(principal, Role.APPRAISER, Role.COUNCIL);
        if (!principal.holds(Role.APPRAISER)) return actingWithin(principal, round, Role.COUNCIL);
        if (!agency.isEmpty()) {
            throw new LedgerException(ErrorCode.WRONG_UNIT, null, principal.subject() + " appraises for "
                    + scopes(principal, Role.APPRAISER) + ", a jurisdiction this unit is not in");
        }
        throw new LedgerException(ErrorCode.WRONG_AGENCY, null, "criterion " + leaf.code() + " is appraised by "
                + leaf.appraisingAgency() + ", not by " + scopes(principal, Role.APPRAISER));
    }

    /**
     * Separation of duties: the person about to take {@code part} must not be among those who took the parts
     * it checks.
     */
    public static void requireNoneOf(Principal principal, Collection<String> tookPart, String part, String earlierPart) {
        if (tookPart.contains(principal.subject())) {
            throw new LedgerException(ErrorCode.SEPARATION_OF_DUTIES, null, principal.subject() + " cannot " + part
                    + " an assessment they " + earlierPart + ": another person must");
        }
    }

    private static String scopes(Principal principal, Role role) {
        return principal.grants().stream().filter(g -> g.role() == role).map(Grant::scope).toList().toString();
    }
}
