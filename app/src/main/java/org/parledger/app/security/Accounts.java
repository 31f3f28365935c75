package org.parledger.app.security;

import org.parledger.api.common.Grant;
import org.parledger.api.common.Names;
import org.parledger.api.common.Principal;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in accounts (configured, and the demo accounts of the embedded default): who they are, the hash of
 * their password and their grants. Checked when the application starts: a bad name, grant or a password that is
 * not a hash stops it with a message naming the account.
 */
public final class Accounts implements UserDetailsService {
    private final Map<String, Account> byUsername;

    record Account(Principal principal, String passwordHash) {
    }

    private Accounts(Map<String, Account> byUsername) {
        this.byUsername = Collections.unmodifiableMap(byUsername);
    }

    static Accounts of(List<SecurityProperties.Account> configured) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        for (int i = 0; i < configured.size(); i++) {
            SecurityProperties.Account account = configured.get(i);
            String where = "parledger.security.accounts[" + i + "]";
            try {
                String username = Names.normalise(account.username(), Principal.MAX_SUBJECT_LENGTH, "username");
                if (account.password() == null || !account.password().matches("\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$.{53}")) {
                    throw new IllegalArgumentException("password must be a bcrypt hash with its prefix, {bcrypt}$2a$10$... "
                            + "(make one with: java -jar par-ledger.jar hash-password)");
                }
                List<Grant> grants = account.grants().stream().map(Grant::parse).toList();
                Principal principal = new Principal(username, account.name(), grants, Principal.BASIC, null);
                if (accounts.putIfAbsent(username, new Account(principal, account.password())) != null) {
                    throw new IllegalArgumentException("the username " + username + " is configured twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
        }
        return new Accounts(accounts);
    }

    Accounts with(Accounts more) {
        Map<String, Account> all = new LinkedHashMap<>(byUsername);
        more.byUsername.forEach((username, account) -> {
            if (all.putIfAbsent(username, account) != null) {
                throw new IllegalStateException("the username " + username + " is both configured and a demo account");
            }
        });
        return new Accounts(all);
    }

    static Accounts ofPrincipals(Map<Principal, String> hashes) {
        Map<String, Account> accounts = new LinkedHashMap<>();
        hashes.forEach((principal, hash) -> accounts.put(principal.subject(), new Account(principal, hash)));
        return new Accounts(accounts);
    }

    boolean isEmpty() {
        return byUsername.isEmpty();
    }

    /** The principal of an account (without the request's address). */
    Optional<Principal> principal(String username) {
        return Optional.ofNullable(byUsername.get(username)).map(Account::principal);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        String normalised;
        try {
            normalised = Names.normalise(username, Principal.MAX_SUBJECT_LENGTH, "username");
        } catch (IllegalArgumentException e) {
            throw new UsernameNotFoundException("no such account");
        }
        Account account = byUsername.get(normalised);
        if (account == null) throw new UsernameNotFoundException("no such account");
        return User.withUsername(normalised).password(account.passwordHash())
                .authorities(account.principal().grants().stream()
                        .map(g -> new SimpleGrantedAuthority("ROLE_" + g.role())).toList())
                .build();
    }
}
