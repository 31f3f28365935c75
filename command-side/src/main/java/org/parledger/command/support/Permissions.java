package org.parledger.command.support;

import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Role;
import org.parledger.api.indexset.LeafRule;
import org.parledger.api.unit.UnitCode;

import java.util.Arrays;

/** Who may do what: roles, and the unit or agency a role is scoped to. Refusals name no field. */
public final class Permissions {
    private Permissions() {
    }

    public static void requireRole(Actor actor, Role... allowed) {
        if (Arrays.stream(allowed).noneMatch(actor::actsAs)) {
            throw new LedgerException(ErrorCode.WRONG_ROLE, null,
                    actor.userId() + " acts as " + actor.role() + "; this needs " + Arrays.toString(allowed));
        }
    }

    /** An assessor records for the unit they work for, and for no other. */
    public static void requireAssessorOf(Actor actor, UnitCode unit) {
        requireRole(actor, Role.ASSESSOR);
        if (!unit.value().equals(actor.scope())) {
            throw new LedgerException(ErrorCode.WRONG_UNIT, null,
                    actor.userId() + " is an assessor of " + actor.scope() + ", not of " + unit);
        }
    }

    /** An appraiser appraises only leaves their agency is responsible for; the council appraises any. */
    public static void requireAppraiserOf(Actor actor, LeafRule leaf) {
        requireRole(actor, Role.APPRAISER, Role.COUNCIL);
        if (actor.actsAs(Role.APPRAISER) && !leaf.appraisingAgency().equals(actor.scope())) {
            throw new LedgerException(ErrorCode.WRONG_AGENCY, null, "criterion " + leaf.code() + " is appraised by "
                    + leaf.appraisingAgency() + ", not by " + actor.scope());
        }
    }
}
