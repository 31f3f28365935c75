package org.parledger.app.integrity;

import org.parledger.query.support.EventStoreKind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Verifications of the whole ledger ({@link LedgerVerification}), each recorded with what it found in
 * ledger_verification, and what an operator watches between them: the latest finding, and since when events wait for a
 * signed checkpoint. Before, a ledger altered in the database showed only to whoever thought of asking verifyLedger, and
 * a periodic checkpoint refused for an altered event left one line in one node's log.
 */
public final class Verifications {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TEXT = 2000;
    private final LedgerVerification verification;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventStoreKind store;

    public Verifications(LedgerVerification verification, DataSource dataSource, PlatformTransactionManager transactions,
                         EventStoreKind store) {
        this.verification = verification;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(transactions);
        this.store = store;
    }

    /** A verification as recorded: when it ended (by the database's clock), who or what ran it, what it found. */
    public record Recorded(Instant finishedAt, String verifiedBy, boolean intact, long intactUpTo, long events, int problems,
                           String firstProblem, long tookMs) {
    }

    /**
     * @param latest         the latest verification by any node, if any
     * @param oldestUnsigned when the oldest event that no signed checkpoint covers yet was recorded, if there is one
     */
    public record State(Optional<Recorded> latest, Optional<Instant> oldestUnsigned) {
    }

    /** Verifies the whole ledger and records what was found, whatever it was. */
    public LedgerVerification.Report verifyAndRecord(String by) {
        long started = System.nanoTime();
        LedgerVerification.Report report = verification.verify();
        LedgerVerification.Problem first = report.problems().isEmpty() ? null : report.problems().get(0);
        jdbc.update("INSERT INTO ledger_verification (verified_by, intact, intact_up_to, events, problems, first_problem, took_ms) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", cut(by, 300), report.intact(), report.intactUpTo(), report.events(),
                report.problems().size(), first == null ? null : cut(describe(first), MAX_TEXT),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return report;
    }

    /**
     * Verifies and records unless another node is verifying now, or the latest verification (anyone's) ended less than
     * {@code every} ago by the database's clock; one node at a time (an advisory lock held until the finding is recorded).
     */
    public Optional<LedgerVerification.Report> verifyIfDue(String by, Duration every) {
        store.requireJdbc("the periodic verification");
        return transaction.execute(status -> {
            Boolean ours = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtext('par-ledger-verification'))", Boolean.class);
            if (!Boolean.TRUE.equals(ours)) return Optional.empty();
            Boolean recent = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM ledger_verification "
                    + "WHERE finished_at > now() - make_interval(secs => ?))", Boolean.class, every.toMillis() / 1000.0);
            if (Boolean.TRUE.equals(recent)) return Optional.empty();
            return Optional.of(verifyAndRecord(by));
        });
    }

    /** The latest verification and the oldest unsigned event; nothing of the latter with Axon Server (no checkpoints). */
    public State state() {
        List<Recorded> latest = jdbc.query("SELECT finished_at, verified_by, intact, intact_up_to, events, problems, first_problem, "
                        + "took_ms FROM ledger_verification ORDER BY id DESC LIMIT 1",
                (rs, i) -> new Recorded(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getBoolean(3), rs.getLong(4),
                        rs.getLong(5), rs.getInt(6), rs.getString(7), rs.getLong(8)));
        return new State(latest.stream().findFirst(), store.axonServer() ? Optional.empty() : oldestUnsigned());
    }

    /** The first event after the latest checkpoint's position that is not itself a checkpoint: two index reads. */
    private Optional<Instant> oldestUnsigned() {
        List<byte[]> checkpoint = jdbc.query("SELECT payload FROM domainevententry WHERE aggregateidentifier = ? "
                + "ORDER BY sequencenumber DESC LIMIT 1", (rs, i) -> rs.getBytes(1), Checkpoints.STREAM);
        long covered = checkpoint.isEmpty() ? 0 : JSON.readTree(checkpoint.get(0)).path("position").asLong();
        return jdbc.query("SELECT timestamp FROM domainevententry WHERE globalindex > ? AND aggregateidentifier <> ? "
                        + "ORDER BY globalindex LIMIT 1", (rs, i) -> Instant.parse(rs.getString(1)), covered, Checkpoints.STREAM)
                .stream().findFirst();
    }

    private static String describe(LedgerVerification.Problem problem) {
        StringBuilder text = new StringBuilder();
        if (problem.position() != null) text.append("position ").append(problem.position()).append(", ");
        if (problem.stream() != null) text.append(problem.stream()).append(problem.sequence() == null ? "" : " #" + problem.sequence()).append(": ");
        return text.append(problem.problem()).toString();
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
