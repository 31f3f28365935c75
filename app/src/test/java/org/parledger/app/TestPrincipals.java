package org.parledger.app;

import org.parledger.api.common.Actor;
import org.parledger.api.common.Grant;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Role;

/** Commands sent straight to the command bus in tests: the principal holding exactly the actor's grant. */
public final class TestPrincipals {
    private TestPrincipals() {
    }

    public static Principal by(Actor actor) {
        return Principal.system(actor.userId(), new Grant(Role.valueOf(actor.role()), actor.scope()));
    }
}
