package org.parledger.api.common;

/**
 * Who did something: the authenticated user and the role they acted in. Every event that records a fact
 * made by a person carries one, so that an inspector can always answer "who".
 */
public record Actor(String userId, String role) {
    public Actor {
        if (userId == null || userId.isBlank()) throw new IllegalArgumentException("actor userId is required");
        if (role == null || role.isBlank()) throw new IllegalArgumentException("actor role is required");
    }
}
