package org.parledger.command.assessment;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.AssessmentOpened;
import org.parledger.api.assessment.AssessmentPublished;
import org.parledger.api.assessment.AssessmentVerified;
import org.parledger.api.assessment.SelfAssessmentSubmitted;
import org.parledger.api.assessment.Stage;
import org.parledger.api.common.Level;
import org.parledger.api.unit.UnitCode;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Which assessments exist for a year and level in each round (national, or a province's), and their stage: what publication must check across all of
 * them. Runs in a subscribing processor (see application.yml), so it changes in the very transaction that
 * stores the events it follows and is never behind the command that reads it. On Axon Server the events and this
 * transaction commit apart; {@link AssessmentRegistryCatchUp} applies what a node killed between the two left out.
 */
@Component
@ProcessingGroup(AssessmentRegistry.PROCESSING_GROUP)
public class AssessmentRegistry {
    public static final String PROCESSING_GROUP = "command-assessment-registry";

    record Entry(AssessmentId assessment, Stage stage) {
    }

    private static final Logger log = LoggerFactory.getLogger(AssessmentRegistry.class);
    private static final Set<Class<?>> FOLLOWED = Set.of(AssessmentOpened.class, SelfAssessmentSubmitted.class,
            AssessmentVerified.class, AssessmentPublished.class);
    private final JdbcClient jdbc;
    private final EventStore events;
    private final TransactionTemplate transaction;

    AssessmentRegistry(JdbcClient jdbc, EventStore events, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * The registry is derived from the ledger: a node that starts on a database without it (a new read database
     * beside Axon Server, a restore of the ledger alone) rebuilds it before taking commands, as does
     * {@code --parledger.command.rebuild-registry=true}.
     */
    @EventListener(ApplicationStartedEvent.class)
    void rebuildIfMissing(ApplicationStartedEvent started) {
        onStart(started.getApplicationContext().getEnvironment()
                .getProperty("parledger.command.rebuild-registry", Boolean.class, false));
    }

    /** Rebuilds it when asked, or when it is empty and the ledger is not: the assessments rebuilt, or -1 when not. */
    public int onStart(boolean asked) {
        boolean empty = jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM cs_assessment)").query(Boolean.class).single();
        var head = events.createHeadToken();
        if ((asked || empty) && head != null && head.position().orElse(-1) >= 0) {
            int entries = rebuild();
            log.info("Assessment registry rebuilt from the ledger: {} assessments", entries);
            return entries;
        }
        return -1;
    }

    /**
     * Rebuilds the registry from every event of the ledger, in one transaction that holds the table: commands that
     * change it wait, and whatever they store after the read is applied on top.
     */
    public int rebuild() {
        return transaction.execute(status -> {
            // Waits for the commands in flight as long as it takes (parledger.database.lock-timeout is for requests).
            jdbc.sql("SET LOCAL lock_timeout = 0").update();
            jdbc.sql("LOCK TABLE cs_assessment IN EXCLUSIVE MODE").update();
            jdbc.sql("DELETE FROM cs_assessment").update();
            TrackingToken headToken = events.createHeadToken();
            long head = headToken == null ? -1 : headToken.position().orElse(-1);
            try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(null)) {
                while (head >= 0 && stream.hasNextAvailable(5, TimeUnit.SECONDS)) {
                    TrackedEventMessage<?> event = stream.nextAvailable();
                    if (FOLLOWED.contains(event.getPayloadType())) {
                        Object payload = event.getPayload();
                        if (payload instanceof AssessmentOpened e) on(e);
                        else if (payload instanceof SelfAssessmentSubmitted e) on(e);
                        else if (payload instanceof AssessmentVerified e) on(e);
                        else if (payload instanceof AssessmentPublished e) on(e);
                    }
                    if (event.trackingToken().position().orElse(-1) >= head) break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while rebuilding the assessment registry", e);
            }
            return jdbc.sql("SELECT count(*) FROM cs_assessment").query(Integer.class).single();
        });
    }

    /** The assessments of a round: a level's in a year, national (within null) or one province's. */
    List<Entry> of(int year, Level level, UnitCode within) {
        return jdbc.sql("""
                        SELECT unit_code, stage FROM cs_assessment
                        WHERE year = :year AND level = :level AND within_code IS NOT DISTINCT FROM :within ORDER BY unit_code""")
                .param("year", year).param("level", level.name()).param("within", within == null ? null : within.value())
                .query((rs, n) -> new Entry(new AssessmentId(new UnitCode(rs.getString("unit_code")), year),
                        Stage.valueOf(rs.getString("stage"))))
                .list();
    }

    @EventHandler
    void on(AssessmentOpened event) {
        // Idempotent: a rebuild may have read the event already.
        jdbc.sql("""
                        INSERT INTO cs_assessment (unit_code, year, level, stage, within_code)
                        VALUES (:unit, :year, :level, :stage, :within)
                        ON CONFLICT DO NOTHING""")
                .param("within", event.within() == null ? null : event.within().value())
                .param("unit", event.assessment().unit().value()).param("year", event.assessment().year())
                .param("level", event.level().name()).param("stage", Stage.SELF_ASSESSMENT.name())
                .update();
    }

    @EventHandler
    void on(SelfAssessmentSubmitted event) {
        stage(event.assessment(), Stage.APPRAISAL);
    }

    @EventHandler
    void on(AssessmentVerified event) {
        stage(event.assessment(), Stage.VERIFIED);
    }

    @EventHandler
    void on(AssessmentPublished event) {
        stage(event.assessment(), Stage.PUBLISHED);
    }

    /**
     * Moves an assessment's stage forward, never back: the same event applied again, or late (by
     * {@link AssessmentRegistryCatchUp}, after a later one), changes nothing.
     */
    private void stage(AssessmentId assessment, Stage stage) {
        List<String> earlier = java.util.Arrays.stream(Stage.values()).filter(s -> s.ordinal() < stage.ordinal())
                .map(Stage::name).toList();
        jdbc.sql("UPDATE cs_assessment SET stage = :stage WHERE unit_code = :unit AND year = :year AND stage IN (:earlier)")
                .param("stage", stage.name()).param("unit", assessment.unit().value()).param("year", assessment.year())
                .param("earlier", earlier).update();
    }
}
