package org.parledger.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How people sign in (parledger.security.*). The production path is bearer JWTs from the installation's
 * identity provider (spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri); built-in accounts
 * serve small installations; demo accounts serve the embedded default.
 *
 * @param accounts     built-in accounts, signed in with HTTP Basic
 * @param demoAccounts one generated account per role, for the embedded default
 * @param jwt          which claims of a bearer token say who the person is and what they may do
 * @param rateLimit    how many changes one person may send
 * @param failedSignIns how many wrong passwords one client address may send
 */
@ConfigurationProperties("parledger.security")
public record SecurityProperties(List<Account> accounts, DemoAccounts demoAccounts, Jwt jwt, RateLimit rateLimit,
                                 FailedSignIns failedSignIns) {
    public SecurityProperties {
        failedSignIns = failedSignIns == null ? new FailedSignIns(null, null) : failedSignIns;
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        demoAccounts = demoAccounts == null ? new DemoAccounts(false, null) : demoAccounts;
        jwt = jwt == null ? new Jwt(null, null, null, null, null) : jwt;
        rateLimit = rateLimit == null ? new RateLimit(0, null) : rateLimit;
    }

    /**
     * A built-in account.
     *
     * @param username the subject recorded in the ledger
     * @param name     the display name (defaults to the username)
     * @param password the password's hash with its algorithm, e.g. {@code {bcrypt}$2a$10$...}; never the password
     * @param grants   e.g. {@code ASSESSOR:22}, {@code APPRAISER:SNV}, {@code COUNCIL}
     */
    public record Account(String username, String name, String password, List<String> grants) {
        public Account {
            grants = grants == null ? List.of() : List.copyOf(grants);
        }
    }

    /**
     * @param enabled generate one account per role on first start (on by default only on the embedded default)
     * @param file    where their passwords are written, readable by the owner only (default: beside the embedded
     *                database's data directory, {@code ./data/demo-accounts.txt})
     */
    public record DemoAccounts(boolean enabled, Path file) {
    }

    /**
     * @param subjectClaim the stable user id (default {@code sub})
     * @param nameClaim    the display name (default {@code name}; the subject when absent)
     * @param grantsClaim  a list of grants written {@code ROLE} or {@code ROLE:scope} (default {@code grants});
     *                     a dotted path reaches into nested claims, e.g. {@code realm_access.roles}
     * @param scopeClaim   optional: the scope of grants listed without one, for providers that carry the unit or
     *                     agency in a claim of its own (e.g. {@code par_scope})
     * @param rolePrefix   optional: a prefix the provider puts before role names (e.g. {@code par-}); values
     *                     without it are ignored
     */
    public record Jwt(String subjectClaim, String nameClaim, String grantsClaim, String scopeClaim, String rolePrefix) {
        public Jwt {
            subjectClaim = blank(subjectClaim) ? "sub" : subjectClaim;
            nameClaim = blank(nameClaim) ? "name" : nameClaim;
            grantsClaim = blank(grantsClaim) ? "grants" : grantsClaim;
            scopeClaim = blank(scopeClaim) ? null : scopeClaim;
            rolePrefix = rolePrefix == null ? "" : rolePrefix;
        }
    }

    /**
     * @param mutations how many mutations one person may send per {@code per} (0: no limit); a burst of that many
     *                  is allowed, then they refill evenly
     * @param per       the period (default one minute)
     */
    public record RateLimit(int mutations, Duration per) {
        public RateLimit {
            per = per == null ? Duration.ofMinutes(1) : per;
        }
    }

    /**
     * @param limit how many failed HTTP Basic sign-ins one client address may make per {@code per} (default 10; 0: no
     *              limit); beyond, its Basic requests are refused RATE_LIMITED before any password is checked
     * @param per   the period (default one minute); the allowance refills evenly over it
     */
    public record FailedSignIns(Integer limit, Duration per) {
        public FailedSignIns {
            limit = limit == null ? 10 : limit;
            per = per == null ? Duration.ofMinutes(1) : per;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
