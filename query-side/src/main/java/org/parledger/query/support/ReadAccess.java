package org.parledger.query.support;

import graphql.GraphQLContext;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Grant;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;
import org.parledger.api.ranking.Journey;
import org.parledger.api.ranking.JourneyStage;
import org.parledger.api.ranking.JourneyStep;
import org.parledger.api.ranking.ScoreChange;

import java.util.EnumSet;
import java.util.Set;

/**
 * The one place that decides which figures a reader may see. Published figures are for everyone. Working
 * figures (unpublished assessments, journeys, rankings before publication) and the audit trail are for the
 * people in the workflow: admins, the council, appraisers, the survey team and inspectors read every unit's;
 * an assessor reads only their own unit's. Anonymous readers see published figures only.
 */
public final class ReadAccess {
    /** Grants that read every unit's working figures and the whole audit trail. */
    private static final Set<Role> READ_EVERY_UNIT = EnumSet.of(Role.ADMIN, Role.COUNCIL, Role.APPRAISER, Role.SURVEY,
            Role.INSPECTOR);

    private ReadAccess() {
    }

    public static Principal principal(GraphQLContext context) {
        return context.get(Principal.REQUEST_KEY);
    }

    /** Whether the reader sees this unit's working figures (unit null: every unit's). */
    public static boolean seesWorkingFigures(GraphQLContext context, String unit) {
        return seesWorkingFigures(principal(context), unit, null, UnitScopes.of(context));
    }

    /**
     * Whether this person (null: anonymous) sees the working figures of this unit, or (unit null) of every unit in the
     * round within (null: every unit anywhere). A grant limited to a province (COUNCIL:22, ADMIN:22) or a jurisdiction
     * (APPRAISER:SNV@22) reads only the units within it, and every unit's only within its own province's round.
     */
    public static boolean seesWorkingFigures(Principal principal, String unit, String within, UnitScopes scopes) {
        if (principal == null) return false;
        for (Grant grant : principal.grants()) {
            if (READ_EVERY_UNIT.contains(grant.role())) {
                String reach = reach(grant);
                if (reach == null) return true;
                if (unit == null ? reach.equals(within == null ? null : within.strip())
                        : scopes != null && scopes.within(unit.strip(), reach)) return true;
            }
            if (grant.role() == Role.ASSESSOR && unit != null && unit.strip().equals(grant.scope())) return true;
        }
        return false;
    }

    /** The unit a grant's reading is limited to (its province, or an appraiser's jurisdiction); null for none. */
    private static String reach(Grant grant) {
        if (grant.role().provincial()) return grant.province() == null ? null : grant.province().value();
        if (grant.role() == Role.APPRAISER) return grant.jurisdiction();
        return null;
    }

    /**
     * Refuses a reader what only the workflow may see: UNAUTHENTICATED when anonymous, WRONG_UNIT for an assessor
     * of another unit (or of one unit asking for every unit's), WRONG_SCOPE for a grant limited to another province or
     * jurisdiction (or asking for every unit's outside its own province's round), WRONG_ROLE otherwise.
     */
    public static void requireWorkingFigures(GraphQLContext context, String unit, String field, String what) {
        requireWorkingFigures(context, unit, null, field, what);
    }

    /** As above; for every unit's figures (unit null), those of the round within (null: everywhere). */
    public static void requireWorkingFigures(GraphQLContext context, String unit, String within, String field, String what) {
        Principal principal = principal(context);
        if (seesWorkingFigures(principal, unit, within, UnitScopes.of(context))) return;
        if (principal == null) {
            throw new LedgerException(ErrorCode.UNAUTHENTICATED, field, what + " is for the people in the workflow; "
                    + "anonymous readers see published figures only: sign in");
        }
        if (principal.holds(Role.ASSESSOR) && principal.grants().stream().noneMatch(g -> READ_EVERY_UNIT.contains(g.role()))) {
            throw new LedgerException(ErrorCode.WRONG_UNIT, field, principal.subject() + " reads the working figures of "
                    + "their own unit only" + (unit == null ? " (name it)" : ", not of " + unit));
        }
        if (principal.grants().stream().anyMatch(g -> READ_EVERY_UNIT.contains(g.role()))) {
            throw new LedgerException(ErrorCode.WRONG_SCOPE, unit == null ? "within" : field == null ? "unit" : field,
                    principal.subject() + " holds " + principal.grants() + ", which read" + (unit == null
                    ? " " + what + " only within their own province's round (name it: within)"
                    : " the working figures of their own province's or jurisdiction's units only, not of " + unit));
        }
        throw new LedgerException(ErrorCode.WRONG_ROLE, field, principal.subject() + " holds " + principal.grants()
                + ", which does not read " + what);
    }

    /**
     * The journey as this reader may see it: a journey is published once it reached its FINAL station, before that it is
     * working figures (refused as {@link #requireWorkingFigures}); evidence files are working documents, so a reader who
     * does not see the unit's working figures gets a published journey without them. Null stays null.
     */
    public static Journey visibleJourney(GraphQLContext context, Journey journey, String unit) {
        if (journey == null) return null;
        if (seesWorkingFigures(context, unit)) return journey;
        if (journey.steps().stream().noneMatch(s -> s.stage() == JourneyStage.FINAL)) {
            requireWorkingFigures(context, unit, null, "the journey of an unpublished assessment");
        }
        return new Journey(journey.assessment(), journey.steps().stream().map(s -> new JourneyStep(s.stage(), s.at(),
                s.provisional(), s.points(), s.attainableMaximum(), s.index(), s.pointsChange(), s.indexChange(), s.fields(),
                s.changes().stream().map(c -> new ScoreChange(c.kind(), c.criterion(), c.fieldCode(), c.from(), c.to(),
                        c.actor(), c.reason(), c.at())).toList())).toList());
    }

    /** National operations that only some roles may read or start, e.g. a replay's progress (not with a province's grant). */
    public static void requireRole(GraphQLContext context, String what, Role... roles) {
        Principal principal = principal(context);
        if (principal == null) {
            throw new LedgerException(ErrorCode.UNAUTHENTICATED, null, what + " needs a signed-in person");
        }
        // These are national matters (replays, the read model's state, the ledger's checks): a grant limited to one
        // province (ADMIN:22) does not reach them.
        for (Role role : roles) {
            if (principal.grants().stream().anyMatch(g -> g.role() == role && g.province() == null)) return;
        }
        for (Role role : roles) {
            if (principal.holds(role)) {
                throw new LedgerException(ErrorCode.WRONG_SCOPE, null, what + " is a national matter: " + principal.subject()
                        + " holds " + role + " for one province only");
            }
        }
        throw new LedgerException(ErrorCode.WRONG_ROLE, null, what + " is for " + java.util.Arrays.toString(roles));
    }
}
