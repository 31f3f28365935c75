package org.parledger.api.common;

import java.util.List;

/**
 * The authenticated person behind a command: the subject (the stable user id the identity provider or the
 * account gives), a display name, every role grant they hold, how they authenticated and from where. A
 * command carries it; its event records the {@link Actor} of the one grant that allowed it, and the rest
 * travels in the event's metadata.
 */
public record Principal(String subject, String name, List<Grant> grants, String method, String address) {
    public static final int MAX_SUBJECT_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 200;
    /** Authenticated with a bearer JWT from the configured issuer. */
    public static final String BEARER = "bearer";
    /** Authenticated with a built-in account's password (HTTP Basic). */
    public static final String BASIC = "basic";
    /** The application itself, e.g. loading the sample data or a benchmark's ledger. */
    public static final String SYSTEM = "system";
    /** Where a request's principal is kept for the request's handlers; absent for an anonymous request. */
    public static final String REQUEST_KEY = "org.parledger.principal";

    public Principal {
        subject = Names.normalise(subject, MAX_SUBJECT_LENGTH, "subject");
        name = name == null || name.isBlank() ? subject : Names.normalise(name, MAX_NAME_LENGTH, "name");
        grants = grants == null ? List.of() : List.copyOf(grants);
        if (method == null || method.isBlank()) throw new IllegalArgumentException("how the principal authenticated is required");
    }

    /** The application acting by itself under one grant (sample data, benchmarks, tests of the command model). */
    public static Principal system(String subject, Role role) {
        return new Principal(subject, subject, List.of(new Grant(role, null)), SYSTEM, null);
    }

    /** One grant, acting by itself (tests of the command model, sample data of scoped roles). */
    public static Principal system(String subject, Grant grant) {
        return new Principal(subject, subject, List.of(grant), SYSTEM, null);
    }

    public boolean holds(Role role) {
        return grants.stream().anyMatch(g -> g.role() == role);
    }

    @Override
    public String toString() {
        return subject + " " + grants;
    }
}
