package org.parledger.app.security;

import org.parledger.api.common.Grant;
import org.parledger.api.common.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded default's demo accounts: one per role, each with a random password, made on the first start,
 * printed once and kept in a file only its owner can read. Later starts read the file back, so the passwords
 * stay the same until the file is deleted.
 */
final class DemoAccounts {
    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);
    /** The sample data's agency SNV (Sở Nội vụ) appraises most leaves; unit 22 is Quảng Ninh. */
    static final Map<String, String> GRANTS = orderedGrants();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private DemoAccounts() {
    }

    private static Map<String, String> orderedGrants() {
        Map<String, String> grants = new LinkedHashMap<>();
        grants.put("demo-admin", "ADMIN");
        grants.put("demo-council", "COUNCIL");
        grants.put("demo-appraiser", "APPRAISER:SNV");
        grants.put("demo-assessor", "ASSESSOR:22");
        grants.put("demo-survey", "SURVEY");
        grants.put("demo-inspector", "INSPECTOR");
        return grants;
    }

    /** Reads the file, or makes it (and prints the accounts) when there is none. */
    static Accounts load(Path file, PasswordEncoder encoder) {
        Map<String, String> passwords = Files.exists(file) ? read(file) : create(file);
        Map<Principal, String> hashes = new LinkedHashMap<>();
        GRANTS.forEach((username, grant) -> {
            String password = passwords.get(username);
            if (password == null) throw new IllegalStateException(file + " has no password for " + username + "; delete it to make new ones");
            hashes.put(new Principal(username, username, List.of(Grant.parse(grant)), Principal.BASIC, null), encoder.encode(password));
        });
        return Accounts.ofPrincipals(hashes);
    }

    private static Map<String, String> create(Path file) {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder("""
                # PAR Ledger demo accounts, made on the first start of the embedded default. Keep this file private.
                # Sign in with HTTP Basic; in GraphiQL, paste the account's header into the Headers tab.
                # Delete this file and restart for new passwords.
                # username\tpassword\tgrant\tGraphiQL header
                """);
        StringBuilder printed = new StringBuilder();
        GRANTS.forEach((username, grant) -> {
            StringBuilder password = new StringBuilder();
            for (int i = 0; i < 20; i++) password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            passwords.put(username, password.toString());
            String header = "{\"Authorization\": \"Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\"}";
            text.append(username).append('\t').append(password).append('\t').append(grant).append('\t').append(header).append('\n');
            printed.append(String.format("%n  %-15s %-22s %-14s %s", username, password, grant, header));
        });
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            return read(file); // another process made it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo accounts to " + file, e);
        }
        log.warn("Demo accounts made (printed this once; kept in {}, readable by you only):{}", file.toAbsolutePath().normalize(), printed);
        return passwords;
    }

    private static Map<String, String> read(Path file) {
        try {
            Map<String, String> passwords = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] columns = line.split("\t");
                if (columns.length >= 2) passwords.put(columns[0], columns[1]);
            }
            log.info("Demo accounts: see {}", file.toAbsolutePath().normalize());
            return passwords;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo accounts from " + file, e);
        }
    }
}
