package org.parledger;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar par-ledger.jar hash-password}: reads a password (from the console without echo, or one line
 * of standard input) and prints its hash for parledger.security.accounts[n].password.
 */
final class HashPassword {
    private HashPassword() {
    }

    static void main(String[] args) {
        String password;
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            password = typed == null ? null : new String(typed);
        } else {
            try {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (password == null || password.length() < 12) {
            System.err.println("A password has at least 12 characters.");
            System.exit(2);
        }
        System.out.println(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password));
    }
}
