package org.parledger.app.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Behind a reverse proxy the client's address comes from X-Forwarded-For, and only Tomcat's own handling
 * (server.forward-headers-strategy=native) reads it past the proxies it trusts (server.tomcat.remoteip.internal-proxies).
 * Spring's filter (framework) takes the header's first address, which any client writes itself: the audit trail's
 * clientAddress and the per-address limits would be the client's to choose. The application refuses to start with it.
 */
@Configuration(proxyBeanMethods = false)
public class ForwardedAddresses {

    public ForwardedAddresses(Environment environment) {
        refuseUntrusted(environment.getProperty("server.forward-headers-strategy"));
    }

    static void refuseUntrusted(String strategy) {
        if (strategy != null && strategy.strip().equalsIgnoreCase("framework")) throw new UntrustedForwardedHeaders();
    }

    static final class UntrustedForwardedHeaders extends IllegalStateException {
        UntrustedForwardedHeaders() {
            super("server.forward-headers-strategy=framework takes a client's own X-Forwarded-For as its address");
        }
    }

    /** Says, when the application stops for it, why and what to set instead. */
    static final class Analyzer extends AbstractFailureAnalyzer<UntrustedForwardedHeaders> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, UntrustedForwardedHeaders cause) {
            return new FailureAnalysis(cause.getMessage() + ": any client could choose the address recorded with its changes"
                    + " (clientAddress) and counted by the per-address limits.",
                    "Set server.forward-headers-strategy=native, and name the reverse proxies in"
                            + " server.tomcat.remoteip.internal-proxies (loopback only by default; docs/security.md).", cause);
        }
    }
}
