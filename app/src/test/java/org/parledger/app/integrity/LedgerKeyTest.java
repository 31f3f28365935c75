package org.parledger.app.integrity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parledger.proof.Ed25519;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void anEmptyFileLeftByAStartKilledWhileMakingTheKeyIsReplaced(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("ledger-signing-key.pem"));
        LedgerKey made = LedgerKey.fromFile(file, true);
        assertThat(LedgerKey.of(Files.readString(file)).publicKey()).isEqualTo(made.publicKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void startsMakingTheKeyAtOnceAllGetTheOneOnDisk(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 20; round++) {
            Path file = dir.resolve("round-" + round + "/ledger-signing-key.pem");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<PublicKey>> made = new ArrayList<>();
            ExecutorService starts = Executors.newFixedThreadPool(8);
            try {
                for (int i = 0; i < 8; i++) {
                    made.add(starts.submit(() -> {
                        start.await();
                        return LedgerKey.fromFile(file, true).publicKey();
                    }));
                }
                start.countDown();
                List<PublicKey> keys = new ArrayList<>();
                for (Future<PublicKey> key : made) keys.add(key.get());
                assertThat(keys).containsOnly(LedgerKey.of(Files.readString(file)).publicKey());
            } finally {
                starts.shutdownNow();
            }
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertThat(files).containsExactly(file);
            }
        }
    }

    @Test
    void aFileHoldingSomethingElseIsNamedAndKept(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("ledger-signing-key.pem"), "-----BEGIN PRIVATE KEY-----\nnot a key\n");
        assertThatThrownBy(() -> LedgerKey.fromFile(file, true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(file.toString());
        assertThat(Files.readString(file)).isEqualTo("-----BEGIN PRIVATE KEY-----\nnot a key\n");
    }
}
