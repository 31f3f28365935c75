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

    /** The first of the allowed roles, in the order given, that the principal holds. */
    public static Actor actingAs(Principal principal, Role... allowed) {
        for (Role role : allowed) {
            Optional<Grant> grant = principal.grants().stream().filter(g -> g.role() == role).findFirst();
            if (grant.isPresent()) return grant.get().actor(principal.subject());
        }
        throw new LedgerException(ErrorCode.WRONG_ROLE, null,
                principal.subject() + " holds " + principal.grants() + "; this needs " + Arrays.toString(allowed));
    }

    /** An assessor records for the unit they work for, and for no other. */
    public static Actor assessorOf(Principal principal, UnitCode unit) {
        actingAs(principal, Role.ASSESSOR);
        return principal.grants().stream()
                .filter(g -> g.role() == Role.ASSESSOR && unit.value().equals(g.scope()))
                .findFirst().map(g -> g.actor(principal.subject()))
                .orElseThrow(() -> new LedgerException(ErrorCode.WRONG_UNIT, null,
                        principal.subject() + " is an assessor of " + scopes(principal, Role.ASSESSOR) + ", not of " + unit));
    }

    /**
     * An appraiser appraises only leaves their agency is responsible for, and, when their grant names a
     * jurisdiction, only in units within it ({@code within} tells); the council appraises any. A person who is
     * both acts as the leaf's appraiser where they can, so the record names the agency.
     */
    public static Actor appraiserOf(Principal principal, LeafRule leaf, Predicate<String> within) {
        List<Grant> agency = principal.grants().stream()
                .filter(g -> g.role() == Role.APPRAISER && leaf.appraisingAgency() != null
                        && leaf.appraisingAgency().equals(g.agency()))
                .toList();
        Optional<Grant> here = agency.stream().filter(g -> g.jurisdiction() == null || within.test(g.jurisdiction())).findFirst();
        if (here.isPresent()) return here.get().actor(principal.subject());
        if (principal.holds(Role.COUNCIL)) return actingAs(principal, Role.COUNCIL);
        actingAs(principal, Role.APPRAISER, Role.COUNCIL);
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
