package org.parledger.app.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says, when the application stops for want of a way to sign in, what to configure. */
class NoWayToSignInAnalyzer extends AbstractFailureAnalyzer<SecurityConfiguration.NoWayToSignIn> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecurityConfiguration.NoWayToSignIn cause) {
        return new FailureAnalysis("No identity provider and no built-in accounts are configured, so nobody could sign in.",
                cause.getMessage(), cause);
    }
}
