package org.parledger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar par-ledger.jar hash-password} prints a hash that a built-in account can be configured with. */
class HashPasswordTest {
    @Test
    void printsABcryptHashOfThePasswordReadFromStandardInput() {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream("mật-khẩu-rất-dài-2025\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            ParLedgerApplication.main(new String[]{"hash-password"});
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        String hash = printed.toString(StandardCharsets.UTF_8).strip();
        assertThat(hash).startsWith("{bcrypt}$2a$10$");
        assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches("mật-khẩu-rất-dài-2025", hash)).isTrue();
    }
}
