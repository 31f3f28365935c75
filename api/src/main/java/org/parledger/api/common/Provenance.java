package org.parledger.api.common;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an event's metadata records of the person behind it, beside the actor (subject and grant) in its
 * payload: display name, how they authenticated and from which address. The command side copies it from each
 * command to every event the command causes.
 */
public final class Provenance {
    public static final String SUBJECT = "subject";
    public static final String NAME = "actorName";
    public static final String METHOD = "authMethod";
    public static final String ADDRESS = "clientAddress";
    public static final List<String> KEYS = List.of(SUBJECT, NAME, METHOD, ADDRESS);

    private Provenance() {
    }

    public static Map<String, Object> of(Principal principal) {
        Map<String, Object> metaData = new HashMap<>();
        metaData.put(SUBJECT, principal.subject());
        metaData.put(NAME, principal.name());
        metaData.put(METHOD, principal.method());
        if (principal.address() != null) metaData.put(ADDRESS, principal.address());
        return metaData;
    }
}
