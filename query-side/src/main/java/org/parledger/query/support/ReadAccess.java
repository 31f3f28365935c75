package org.parledger.query.support;

import graphql.GraphQLContext;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Grant;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;

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
        return seesWorkingFigures(principal(context), unit);
    }

    /** Whether this person (null: anonymous) sees this unit's working figures (unit null: every unit's). */
    public static boolean seesWorkingFigures(Principal principal, String unit) {
        if (principal == null) return false;
        for (Grant grant : principal.grants()) {
            if (READ_EVERY_UNIT.contains(grant.role())) return true;
            if (grant.role() == Role.ASSESSOR && unit != null && unit.strip().equals(grant.scope())) return true;
        }
        return false;
    }

    /**
     * Refuses a reader what only the workflow may see: UNAUTHENTICATED when anonymous, WRONG_UNIT for an assessor
     * of another unit (or of one unit asking for every unit's), WRONG_ROLE otherwise.
     */
    public static void requireWorkingFigures(GraphQLContext context, String unit, String field, String what) {
        if (seesWorkingFigures(context, unit)) return;
        Principal principal = principal(context);
        if (principal == null) {
            throw new LedgerException(ErrorCode.UNAUTHENTICATED, field, what + " is for the people in the workflow; "
                    + "anonymous readers see published figures only: sign in");
        }
        if (principal.holds(Role.ASSESSOR)) {
            throw new LedgerException(ErrorCode.WRONG_UNIT, field, principal.subject() + " reads the working figures of "
                    + "their own unit only" + (unit == null ? " (name it)" : ", not of " + unit));
        }
        throw new LedgerException(ErrorCode.WRONG_ROLE, field, principal.subject() + " holds " + principal.grants()
                + ", which does not read " + what);
    }

    /** A journey is published once it reached its FINAL station; before that it is working figures. */
    public static void requireJourney(GraphQLContext context, org.parledger.api.ranking.Journey journey, String unit) {
        boolean published = journey != null && journey.steps().stream()
                .anyMatch(s -> s.stage() == org.parledger.api.ranking.JourneyStage.FINAL);
        if (journey != null && !published) requireWorkingFigures(context, unit, null, "the journey of an unpublished assessment");
    }

    /** Operations that only some roles may read (e.g. a replay's progress). */
    public static void requireRole(GraphQLContext context, String what, Role... roles) {
        Principal principal = principal(context);
        if (principal == null) {
            throw new LedgerException(ErrorCode.UNAUTHENTICATED, null, what + " needs a signed-in person");
        }
        for (Role role : roles) if (principal.holds(role)) return;
        throw new LedgerException(ErrorCode.WRONG_ROLE, null, what + " is for " + java.util.Arrays.toString(roles));
    }
}
