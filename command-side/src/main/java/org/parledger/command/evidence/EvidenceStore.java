package org.parledger.command.evidence;

import org.apache.commons.codec.digest.DigestUtils;
import org.parledger.api.assessment.EvidenceFile;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Names;
import org.parledger.api.unit.UnitCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Evidence files, kept content-addressed: a file's key is the SHA-256 of its bytes, so the same scan uploaded twice is
 * kept once, and a file can never change under its key (the tables refuse UPDATE and DELETE; the bytes are checked
 * against the key whenever they are read). Each upload is recorded with the unit it was made for, its name and who made
 * it: a self-score may cite only files uploaded for its unit, and an assessor reads only those.
 */
@Component
public class EvidenceStore implements EvidenceCatalog {
    private static final Logger log = LoggerFactory.getLogger(EvidenceStore.class);
    /** When an upload the evidence directory could not take may be sent again. */
    static final int DIRECTORY_RETRY_AFTER_SECONDS = 5;
    /** A stored file: its key, what it is, how big, under which name it was uploaded. */
    public record Stored(String sha256, String name, String mediaType, long size) {
    }

    /** A file's bytes, checked against its key. */
    public record Content(String sha256, String mediaType, byte[] bytes) {
    }

    private final JdbcClient jdbc;
    private final EvidenceProperties properties;
    private final TransactionTemplate transaction;

    public EvidenceStore(JdbcClient jdbc, EvidenceProperties properties, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Keeps an uploaded file for a unit: at most parledger.evidence.max-size, of a type taken (judged from its bytes), its
     * name without any path. Refusals: REQUEST_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, INVALID_ARGUMENT (empty, bad name).
     */
    public Stored store(InputStream body, String rawName, UnitCode unit, String uploader) {
        String name = name(rawName);
        byte[] bytes;
        long max = properties.maxSize().toBytes();
        try {
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > max) {
            throw new LedgerException(ErrorCode.REQUEST_TOO_LARGE, "body", "an evidence file is at most " + max + " bytes");
        }
        if (bytes.length == 0) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "body", "the file is empty");
        String type = EvidenceTypes.of(bytes);
        if (!properties.types().contains(type)) {
            throw new LedgerException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "body", "a file of type " + type
                    + " is not kept as evidence; taken: PDF, PNG, JPEG, TIFF, WebP, Word, Excel, OpenDocument");
        }
        String sha256 = DigestUtils.sha256Hex(bytes);
        if (properties.directory() != null) write(sha256, bytes);
        transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO evidence_file (sha256, media_type, size, content) VALUES (:sha, :type, :size, :content)
                    ON CONFLICT (sha256) DO NOTHING""")
                    .param("sha", sha256).param("type", type).param("size", (long) bytes.length)
                    .param("content", properties.directory() == null ? bytes : null).update();
            jdbc.sql("""
                    INSERT INTO evidence_upload (sha256, unit_code, name, uploaded_by) VALUES (:sha, :unit, :name, :by)
                    ON CONFLICT (sha256, unit_code, name, uploaded_by) DO NOTHING""")
                    .param("sha", sha256).param("unit", unit.value()).param("name", name).param("by", uploader).update();
        });
        // An earlier upload of the same bytes keeps its type: the key decides what the file is.
        String kept = jdbc.sql("SELECT media_type FROM evidence_file WHERE sha256 = :sha").param("sha", sha256)
                .query(String.class).single();
        return new Stored(sha256, name, kept, bytes.length);
    }

    /** What a person uploaded within a period up to now: bytes (each upload counted, even of a file already kept) and the earliest. */
    public record Uploaded(long bytes, java.time.Instant earliest) {
    }

    public Uploaded uploadedBy(String uploader, java.time.Duration within) {
        return jdbc.sql("""
                        SELECT coalesce(sum(f.size), 0), min(u.uploaded_at) FROM evidence_upload u
                        JOIN evidence_file f ON f.sha256 = u.sha256
                        WHERE u.uploaded_by = :by AND u.uploaded_at > now() - make_interval(secs => :seconds)""")
                .param("by", uploader).param("seconds", (double) within.toMillis() / 1000)
                .query((rs, n) -> new Uploaded(rs.getLong(1), rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()))
                .single();
    }

    @Override
    public Optional<EvidenceFile> uploadedFor(String sha256, UnitCode unit) {
        return jdbc.sql("""
                        SELECT f.sha256, u.name, f.media_type, f.size FROM evidence_file f
                        JOIN evidence_upload u ON u.sha256 = f.sha256
                        WHERE f.sha256 = :sha AND u.unit_code = :unit ORDER BY u.uploaded_at, u.name LIMIT 1""")
                .param("sha", sha256).param("unit", unit.value())
                .query((rs, n) -> new EvidenceFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .optional();
    }

    /** The units a file was uploaded for. */
    public List<String> unitsOf(String sha256) {
        return jdbc.sql("SELECT DISTINCT unit_code FROM evidence_upload WHERE sha256 = :sha ORDER BY unit_code")
                .param("sha", sha256).query(String.class).list();
    }

    /** The size of a kept file, read before its bytes are. */
    public Optional<Long> size(String sha256) {
        if (!EvidenceFile.isSha256(sha256)) return Optional.empty();
        return jdbc.sql("SELECT size FROM evidence_file WHERE sha256 = :sha").param("sha", sha256).query(Long.class).optional();
    }

    /** The file's bytes, if it is kept; INTEGRITY_VIOLATION if they no longer hash to their key. */
    public Optional<Content> read(String sha256) {
        if (!EvidenceFile.isSha256(sha256)) return Optional.empty();
        return jdbc.sql("SELECT media_type FROM evidence_file WHERE sha256 = :sha").param("sha", sha256)
                .query(String.class).optional().map(type -> {
                    byte[] bytes = bytesOf(sha256);
                    if (bytes == null && properties.directory() == null) {
                        throw new LedgerException(new LedgerError(ErrorCode.UNAVAILABLE, null, "the evidence file " + sha256
                                + " is kept in an evidence directory, which this node is not given (parledger.evidence.directory,"
                                + " the same on every node)", null));
                    }
                    if (bytes == null || !DigestUtils.sha256Hex(bytes).equals(sha256)) {
                        throw new LedgerException(ErrorCode.INTEGRITY_VIOLATION, null, "the evidence file " + sha256
                                + " no longer matches its hash: it was altered or lost outside the application");
                    }
                    return new Content(sha256, type, bytes);
                });
    }

    /** A kept file that fails its check: its bytes no longer hash to its key (ALTERED) or are gone (MISSING). */
    public record Problem(String sha256, String problem) {
    }

    /** Every kept file, read and hashed one at a time: how many, how many bytes, and what failed. */
    public record Check(long files, long bytes, List<Problem> problems) {
    }

    /** Checks every kept file against its key (an inspector's full check; reads every byte once). */
    public Check verifyAll() {
        List<String> keys = jdbc.sql("SELECT sha256 FROM evidence_file ORDER BY sha256").query(String.class).list();
        long bytes = 0;
        List<Problem> problems = new java.util.ArrayList<>();
        for (String key : keys) {
            byte[] content = bytesOf(key);
            if (content == null && properties.directory() == null) {
                problems.add(new Problem(key, "ELSEWHERE"));
            } else if (content == null) {
                problems.add(new Problem(key, "MISSING"));
            } else {
                bytes += content.length;
                if (!DigestUtils.sha256Hex(content).equals(key)) problems.add(new Problem(key, "ALTERED"));
            }
        }
        return new Check(keys.size(), bytes, problems);
    }

    /** Of these cited keys, those the store does not keep. */
    public List<String> notKept(java.util.Collection<String> cited) {
        if (cited.isEmpty()) return List.of();
        java.util.Set<String> kept = new java.util.HashSet<>(jdbc.sql("SELECT sha256 FROM evidence_file WHERE sha256 IN (:keys)")
                .param("keys", cited).query(String.class).list());
        return cited.stream().filter(key -> !kept.contains(key)).sorted().toList();
    }

    private static String name(String raw) {
        String base = raw == null ? "" : raw.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        try {
            return Names.normalise(base, EvidenceFile.MAX_NAME_LENGTH, "the file's name");
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "name", e.getMessage());
        }
    }

    /** <directory>/<first two hex digits>/<sha256>, written whole (a temporary file, flushed, then moved in place). */
    Path path(String sha256) {
        return properties.directory().resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /**
     * A directory that cannot take the file (full, gone, not writable) refuses the upload UNAVAILABLE, nothing recorded,
     * and leaves no part of it behind. Written until every byte is: by hand, on a directory with 344 KB left, a 1.4 MB
     * upload was answered 201 and kept cut short under its key (a single write had returned what fitted).
     */
    private void write(String sha256, byte[] bytes) {
        Path target = path(sha256);
        if (holds(target, sha256)) return;
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), sha256, ".part");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            log.warn("Evidence file {} could not be written to {}: {}", sha256, properties.directory(), e.toString());
            throw new LedgerException(new LedgerError(ErrorCode.UNAVAILABLE, null, "the evidence directory cannot take the "
                    + "file just now; try again in " + DIRECTORY_RETRY_AFTER_SECONDS + " s", DIRECTORY_RETRY_AFTER_SECONDS));
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    log.warn("A partial evidence file {} is left behind: {}", temporary, e.toString());
                }
            }
        }
    }

    /**
     * Whether the file under the key holds the bytes the key names. One that does not (cut short by a full disk before a
     * write was checked to be whole, or altered) is written again from the upload, whose bytes are the key's.
     */
    private static boolean holds(Path target, String sha256) {
        if (!Files.exists(target)) return false;
        try (InputStream kept = Files.newInputStream(target)) {
            if (DigestUtils.sha256Hex(kept).equals(sha256)) return true;
        } catch (IOException e) {
            log.warn("Evidence file {} could not be read to check it: {}", target, e.toString());
            return false;
        }
        log.warn("Evidence file {} did not hold the bytes its name says; written again from this upload", target);
        return false;
    }

    /**
     * A kept file's bytes: in its row when it has them (every file taken while no directory was configured: a ledger that
     * moves its files to parledger.evidence.directory keeps reading the earlier ones from the database), otherwise in the
     * directory; null when they are in neither, or in a directory this node is not given.
     */
    private byte[] bytesOf(String sha256) {
        byte[] inRow = jdbc.sql("SELECT content FROM evidence_file WHERE sha256 = :sha").param("sha", sha256)
                .query((rs, n) -> Optional.ofNullable(rs.getBytes(1))).optional().flatMap(bytes -> bytes).orElse(null);
        if (inRow != null || properties.directory() == null) return inRow;
        return readFile(sha256);
    }

    private byte[] readFile(String sha256) {
        try {
            return Files.readAllBytes(path(sha256));
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
