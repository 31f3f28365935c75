package org.parledger.api.common;

import org.parledger.api.unit.UnitCode;

import java.util.Locale;

/**
 * One role a person holds, with its scope where the role has one: ASSESSOR of a unit (its code), APPRAISER
 * for an agency (its code), optionally only within one unit's jurisdiction ({@code agency@unit}: the unit and
 * the units under it, e.g. the Home Affairs department of Quảng Ninh appraises Quảng Ninh's districts, not Hà
 * Nội's). Written as {@code ROLE} or {@code ROLE:scope}, e.g. {@code ASSESSOR:22}, {@code APPRAISER:SNV@22}.
 */
public record Grant(Role role, String scope) {
    public static final int MAX_SCOPE_LENGTH = 64;

    public Grant {
        if (role == null) throw new IllegalArgumentException("a grant needs a role");
        scope = scope == null || scope.isBlank() ? null : Names.normalise(scope, MAX_SCOPE_LENGTH, "scope");
        if (role.scoped() && scope == null) {
            throw new IllegalArgumentException(role + " is granted for a unit or agency: write " + role + ":<code>");
        }
        if (!role.scoped() && !role.provincial() && scope != null) {
            throw new IllegalArgumentException(role + " has no scope, but " + scope + " was given");
        }
        if (role.provincial() && scope != null) {
            try {
                new UnitCode(scope);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(role + " is limited to one province, written " + role + ":<province code>: " + scope);
            }
        }
        if (scope != null && scope.contains("@") && (role != Role.APPRAISER || scope.indexOf('@') != scope.lastIndexOf('@')
                || scope.startsWith("@") || scope.endsWith("@"))) {
            throw new IllegalArgumentException("only an APPRAISER grant is limited to a jurisdiction, written agency@unit: " + scope);
        }
    }

    /** The agency of an APPRAISER grant (without its jurisdiction); the scope otherwise. */
    public String agency() {
        return scope == null || !scope.contains("@") ? scope : scope.substring(0, scope.indexOf('@'));
    }

    /**
     * The province whose rounds an ADMIN or COUNCIL grant is limited to; null for none (an ADMIN of everything, the
     * national council).
     */
    public UnitCode province() {
        return role.provincial() && scope != null ? new UnitCode(scope) : null;
    }

    /** The unit whose jurisdiction an APPRAISER grant is limited to, or null for none. */
    public String jurisdiction() {
        return scope == null || !scope.contains("@") ? null : scope.substring(scope.indexOf('@') + 1);
    }

    /** Parses {@code ROLE} or {@code ROLE:scope}; the role's name is case-insensitive. */
    public static Grant parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("an empty grant");
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String roleName = (colon < 0 ? trimmed : trimmed.substring(0, colon)).strip().toUpperCase(Locale.ROOT);
        Role role;
        try {
            role = Role.valueOf(roleName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no role " + roleName + " (roles: " + java.util.Arrays.toString(Role.values()) + ")");
        }
        return new Grant(role, colon < 0 ? null : trimmed.substring(colon + 1));
    }

    /** The actor of an event recorded under this grant. */
    public Actor actor(String subject) {
        return new Actor(subject, role.name(), scope);
    }

    @Override
    public String toString() {
        return scope == null ? role.name() : role.name() + ":" + scope;
    }
}
