package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.unit.UnitCode;
import org.parledger.command.evidence.EvidenceProperties;
import org.parledger.command.evidence.EvidenceStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Evidence files kept in a directory (parledger.evidence.directory) rather than in PostgreSQL, on the application's
 * database: the bytes under their hash, the row without them, read back checked against the hash; a directory that
 * cannot take a file refuses the upload UNAVAILABLE, records nothing and leaves nothing behind.
 */
@LedgerIntegrationTest
class EvidenceDirectoryTest {
    private static final UnitCode UNIT = new UnitCode("ED-A");
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;
    @TempDir
    Path directory;

    private EvidenceStore store() {
        return storeIn(directory);
    }

    /** As a node configured with this directory, or with none (null: the bytes in the database). */
    private EvidenceStore storeIn(Path directory) {
        return new EvidenceStore(jdbc, new EvidenceProperties(DataSize.ofMegabytes(1), directory, List.of("application/pdf"),
                DataSize.ofMegabytes(8), Duration.ofSeconds(1), new EvidenceProperties.RateLimit(DataSize.ofMegabytes(1),
                Duration.ofDays(1)), 8), transactions);
    }

    private static byte[] pdf(String text) {
        return ("%PDF-1.4\n% " + text + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    }

    private long rows(String sha256) {
        return jdbc.sql("SELECT count(*) FROM evidence_file WHERE sha256 = ?").param(sha256).query(Long.class).single();
    }

    private List<Path> filesIn(Path where) throws IOException {
        try (Stream<Path> walk = Files.walk(where)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aFileIsKeptUnderItsHashInTheDirectoryAndReadBackChecked() throws IOException {
        byte[] bytes = pdf("ED-A kept " + directory.getFileName());
        EvidenceStore.Stored stored = store().store(new ByteArrayInputStream(bytes), "C:\\scans\\QĐ 12.pdf", UNIT, "assessor-ed");
        assertThat(stored.name()).isEqualTo("QĐ 12.pdf");
        Path file = directory.resolve(stored.sha256().substring(0, 2)).resolve(stored.sha256());
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(filesIn(directory)).containsExactly(file);
        assertThat(jdbc.sql("SELECT content IS NULL FROM evidence_file WHERE sha256 = ?").param(stored.sha256())
                .query(Boolean.class).single()).as("the bytes are in the directory only").isTrue();
        assertThat(store().read(stored.sha256()).orElseThrow().bytes()).isEqualTo(bytes);

        Files.write(file, pdf("ED-A altered"));
        assertThatThrownBy(() -> store().read(stored.sha256())).isInstanceOfSatisfying(LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY_VIOLATION));
    }

    /**
     * A ledger that moves its files to a directory keeps the earlier ones in the database and reads them from there (the
     * old code looked for them in the directory only: every one of them answered INTEGRITY_VIOLATION, "altered or lost",
     * and verifyEvidence called them MISSING). A node not given the directory says where a file is, not that it is lost.
     */
    @Test
    void filesKeptBeforeTheDirectoryAreReadFromTheDatabaseAndANodeWithoutItSaysWhereTheyAre() {
        byte[] before = pdf("ED-A before the directory " + directory.getFileName());
        EvidenceStore.Stored inDatabase = storeIn(null).store(new ByteArrayInputStream(before), "trước.pdf", UNIT, "assessor-ed");
        assertThat(store().read(inDatabase.sha256()).orElseThrow().bytes()).isEqualTo(before);
        assertThat(store().verifyAll().problems()).noneMatch(problem -> problem.sha256().equals(inDatabase.sha256()));

        byte[] after = pdf("ED-A in the directory " + directory.getFileName());
        EvidenceStore.Stored inDirectory = store().store(new ByteArrayInputStream(after), "sau.pdf", UNIT, "assessor-ed");
        assertThatThrownBy(() -> storeIn(null).read(inDirectory.sha256())).isInstanceOfSatisfying(LedgerException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains("parledger.evidence.directory");
        });
        assertThat(storeIn(null).verifyAll().problems()).contains(new EvidenceStore.Problem(inDirectory.sha256(), "ELSEWHERE"));
        assertThat(store().verifyAll().problems()).noneMatch(problem -> problem.sha256().equals(inDirectory.sha256()));
    }

    /** As a full disk left one before writes were checked to be whole: the next upload of the bytes writes them again. */
    @Test
    void aFileCutShortUnderItsKeyIsWrittenWholeByTheNextUploadOfItsBytes() throws IOException {
        byte[] bytes = pdf("ED-A cut short " + directory.getFileName());
        String sha256 = org.apache.commons.codec.digest.DigestUtils.sha256Hex(bytes);
        Path file = Files.createDirectories(directory.resolve(sha256.substring(0, 2))).resolve(sha256);
        Files.write(file, java.util.Arrays.copyOf(bytes, 10));
        store().store(new ByteArrayInputStream(bytes), "QĐ 14.pdf", UNIT, "assessor-ed");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(store().read(sha256).orElseThrow().bytes()).isEqualTo(bytes);
        assertThat(filesIn(directory)).containsExactly(file);
    }

    @Test
    void aDirectoryThatCannotTakeTheFileRefusesUnavailableRecordsNothingAndLeavesNothing() throws IOException {
        byte[] bytes = pdf("ED-A refused " + directory.getFileName());
        String sha256 = org.apache.commons.codec.digest.DigestUtils.sha256Hex(bytes);
        // Where the file's folder should go, a file: the directory cannot take it, as when it is full or not writable.
        Path blocker = Files.writeString(directory.resolve(sha256.substring(0, 2)), "not a folder");
        assertThatThrownBy(() -> store().store(new ByteArrayInputStream(bytes), "QĐ 13.pdf", UNIT, "assessor-ed"))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.error().retryAfterSeconds()).isPositive();
                });
        assertThat(rows(sha256)).as("nothing recorded").isZero();
        assertThat(filesIn(directory)).containsExactly(blocker);

        Files.delete(blocker);
        assertThat(store().store(new ByteArrayInputStream(bytes), "QĐ 13.pdf", UNIT, "assessor-ed").sha256()).isEqualTo(sha256);
        assertThat(rows(sha256)).isOne();
    }
}
