package org.parledger.api.common;

/**
 * Who did something: the authenticated user, the role they acted in and the scope of that role (the unit
 * an assessor works for, the agency an appraiser works for; null for roles without scope). Every event that
 * records a fact made by a person carries one, so that an inspector can always answer "who".
 */
public record Actor(String userId, String role, String scope) {
    /** Where a request's actor is kept for the request's handlers; absent for an anonymous request. */
    public static final String REQUEST_KEY = "org.parledger.actor";

    public Actor {
        if (userId == null || userId.isBlank()) throw new IllegalArgumentException("actor userId is required");
        if (role == null || role.isBlank()) throw new IllegalArgumentException("actor role is required");
        scope = scope == null || scope.isBlank() ? null : scope;
    }

    public Actor(String userId, String role) {
        this(userId, role, null);
    }

    public boolean actsAs(Role expected) {
        return expected.name().equals(role);
    }
}
