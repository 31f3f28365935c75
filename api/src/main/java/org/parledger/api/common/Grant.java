package org.parledger.api.common;

import java.util.Locale;

/**
 * One role a person holds, with its scope where the role has one: ASSESSOR of a unit (its code), APPRAISER
 * for an agency (its code). Written as {@code ROLE} or {@code ROLE:scope}, e.g. {@code ASSESSOR:22}.
 */
public record Grant(Role role, String scope) {
    public static final int MAX_SCOPE_LENGTH = 64;

    public Grant {
        if (role == null) throw new IllegalArgumentException("a grant needs a role");
        scope = scope == null || scope.isBlank() ? null : Names.normalise(scope, MAX_SCOPE_LENGTH, "scope");
        if (role.scoped() && scope == null) {
            throw new IllegalArgumentException(role + " is granted for a unit or agency: write " + role + ":<code>");
        }
        if (!role.scoped() && scope != null) {
            throw new IllegalArgumentException(role + " has no scope, but " + scope + " was given");
        }
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
