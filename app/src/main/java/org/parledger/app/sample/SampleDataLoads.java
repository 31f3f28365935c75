package org.parledger.app.sample;

import org.apache.commons.codec.digest.DigestUtils;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.command.support.ProcessedRequests;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The sample data's load as the database remembers it (cs_sample_data_load): begun, with the salt of its request ids,
 * then completed. A load the process did not live to complete is resumed at the next start rather than left half done
 * for good: each sample command is sent with a request id made of the salt and the command, so what the interrupted
 * load recorded is answered from its request id and recorded once.
 */
final class SampleDataLoads {
    /** What a start does about the sample data. */
    enum Decision {
        /** An empty ledger: load it. */
        LOAD,
        /** A load began and never completed: send every command again, under the same request ids. */
        RESUME,
        ALREADY_LOADED,
        /** Events without a sample load: a ledger of real work, or one loaded before loads were recorded. */
        NOT_A_SAMPLE_LEDGER
    }

    record Load(String salt, Instant begunAt, Instant completedAt) {
        boolean completed() {
            return completedAt != null;
        }
    }

    private final JdbcClient jdbc;

    SampleDataLoads(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Decision decide(Load recorded, boolean ledgerEmpty) {
        if (recorded == null) return ledgerEmpty ? Decision.LOAD : Decision.NOT_A_SAMPLE_LEDGER;
        return recorded.completed() ? Decision.ALREADY_LOADED : Decision.RESUME;
    }

    Optional<Load> recorded() {
        return jdbc.sql("SELECT salt, begun_at, completed_at FROM cs_sample_data_load WHERE id = 1")
                .query((rs, n) -> new Load(rs.getString("salt"), rs.getTimestamp("begun_at").toInstant(),
                        rs.getTimestamp("completed_at") == null ? null : rs.getTimestamp("completed_at").toInstant()))
                .optional();
    }

    /** Records that a load begins, before its first command; a node that starts at the same time shares its salt. */
    Load begin() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        jdbc.sql("INSERT INTO cs_sample_data_load (id, salt) VALUES (1, :salt) ON CONFLICT (id) DO NOTHING")
                .param("salt", HexFormat.of().formatHex(salt)).update();
        return recorded().orElseThrow();
    }

    void complete(long commands) {
        jdbc.sql("UPDATE cs_sample_data_load SET completed_at = now(), commands = :commands WHERE id = 1 AND completed_at IS NULL")
                .param("commands", commands).update();
    }

    /** Sends a sample command and waits, under the request id the same command had in any earlier attempt of the load. */
    static Consumer<Object> sender(CommandGateway commands, Load load) {
        return command -> commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(ProcessedRequests.REQUEST_ID, requestId(load.salt(), command))));
    }

    static String requestId(String salt, Object command) {
        return "sample:" + DigestUtils.sha256Hex((salt + "\n" + ProcessedRequests.hash(command)).getBytes(StandardCharsets.UTF_8));
    }
}
