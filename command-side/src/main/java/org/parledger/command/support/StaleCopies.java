package org.parledger.command.support;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A node keeps the assessments it loaded (its cache), and another node may write to one of them meanwhile: with several
 * nodes on one PostgreSQL any node takes any command, and on Axon Server a stream's commands move between nodes when a
 * node leaves or comes back. A change decided on such a copy cannot be stored (its sequence number is taken: a lost
 * race, sent again on the stream as it is, see {@link LostRaceRetries}); but a refusal decided on it was no answer, and
 * neither was a CONFLICT for an expectedVersion the copy had not reached. Both are turned into the lost race they hide
 * here, after one look at the ledger, which costs nothing for a command that is accepted. The retry loads the stream
 * afresh: Axon drops a cached aggregate when its command fails.
 */
public final class StaleCopies {
    private static final String DECIDED_ON = StaleCopies.class.getName() + ".decidedOn";

    private StaleCopies() {
    }

    /**
     * Notes which version of a stream a refusal was decided on (by the aggregate itself, or by a handler that changes
     * many at once), the version as it was when refused, with whatever the command had applied before: returns it.
     */
    public static LedgerException refusedOn(String stream, Long version, LedgerException refusal) {
        if (stream != null && version != null) {
            CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.<Map<String, Long>>getOrComputeResource(DECIDED_ON,
                    key -> new LinkedHashMap<>()).putIfAbsent(stream, version));
        }
        return refusal;
    }

    /** Whether a handler's answer is a check's report of refusals (a sheet's rows), decided like a refusal. */
    public static boolean isReportOfRefusals(Object answer) {
        return answer instanceof List<?> report && !report.isEmpty() && report.get(0) instanceof LedgerError;
    }

    /**
     * Throws the lost race a refusal hides when a copy it was decided on is behind the ledger; returns when the refusal
     * is the answer (decided on the streams as they are, or on none that said which version it was).
     */
    static void decideAgainIfBehind(UnitOfWork<?> unitOfWork, Supplier<EventStore> ledger) {
        Map<String, Long> decided = unitOfWork.getResource(DECIDED_ON);
        if (decided == null) return;
        for (Map.Entry<String, Long> copy : decided.entrySet()) {
            long last = ledger.get().lastSequenceNumberFor(copy.getKey()).orElse(-1L);
            if (last > copy.getValue()) throw behind(copy.getKey(), copy.getValue(), last);
        }
    }

    /**
     * Throws the lost race a CONFLICT hides when the change named a version its stream has reached, but the copy it was
     * checked against had not; returns when the stream has not reached it either (the client named a version that does
     * not exist yet: a CONFLICT indeed).
     */
    static void decideAgainIfBehind(ConflictingAggregateVersionException conflict, Supplier<EventStore> ledger) {
        if (conflict.getExpectedVersion() <= conflict.getActualVersion()) return;
        String stream = String.valueOf(conflict.getAggregateIdentifier());
        long last = ledger.get().lastSequenceNumberFor(stream).orElse(-1L);
        if (last >= conflict.getExpectedVersion()) throw behind(stream, conflict.getActualVersion(), last);
    }

    private static ConcurrencyException behind(String stream, long copy, long last) {
        return new ConcurrencyException("this node's copy of " + stream + " was at version " + copy + ", the ledger at "
                + last + ": decided again on the stream as it is");
    }
}
