package org.parledger.app.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parledger.proof.Ed25519;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerKeyTest {
    @Test
    void aConfiguredPrivateKeyGivesItsPublicHalf() {
        KeyPair pair = Ed25519.generate();
        LedgerKey key = LedgerKey.of(Ed25519.pem(pair.getPrivate()));
        assertThat(key.publicKey()).isEqualTo(pair.getPublic());
        byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);
        assertThat(Ed25519.verify(key.publicKey(), message, Ed25519.sign(key.pair().getPrivate(), message))).isTrue();
    }

    @Test
    void theEmbeddedDefaultMakesItsKeyOnceOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/ledger-signing-key.pem");
        LedgerKey made = LedgerKey.fromFile(file, true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(LedgerKey.fromFile(file, true).publicKey()).isEqualTo(made.publicKey());
        assertThat(made.keyId()).hasSize(16);
    }
}
