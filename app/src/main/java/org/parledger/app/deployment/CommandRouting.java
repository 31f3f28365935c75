package org.parledger.app.deployment;

import org.axonframework.axonserver.connector.AxonServerException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandDispatchException;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerError;

import java.util.Set;

/**
 * Failures of the way to the node that handles a change, rather than of the change: on Axon Server a command for a
 * stream is routed to one node, and when that node dies while it runs, Axon Server answers "Connection lost while
 * executing command" (AXONIQ-4001). Those were answered INTERNAL_ERROR and logged as errors with their stacks (by
 * hand: 15 of 3,000 changes sent from 32 clients to two nodes when one was killed). They are UNAVAILABLE: worth
 * sending again, with the same requestId when the change may have been recorded.
 */
public final class CommandRouting {
    /** The handling node went away, or did not answer in time, while it ran the change: it may have been recorded. */
    private static final Set<String> OUTCOME_UNKNOWN = Set.of("AXONIQ-4001", "AXONIQ-4002");
    /** No node took the change (none connected that handles it, Axon Server unreachable): nothing was recorded. */
    private static final Set<String> NOT_DISPATCHED = Set.of("AXONIQ-3001", "AXONIQ-4000", "AXONIQ-4003");
    private static final String OTHER = "AXONIQ-0001";
    public static final int RETRY_AFTER_SECONDS = 1;

    private CommandRouting() {
    }

    /** UNAVAILABLE for a routing failure anywhere in the chain of causes (the first 20); null for anything else. */
    public static LedgerError failure(Throwable thrown) {
        Throwable cause = thrown;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            if (cause instanceof AxonServerException axonServer && outcomeUnknown(axonServer)) {
                return new LedgerError(ErrorCode.UNAVAILABLE, null, "the node that was recording this change stopped "
                        + "answering before it finished, so whether it was recorded is not known: send it again with the "
                        + "same requestId");
            }
            if (cause instanceof AxonServerException axonServer && NOT_DISPATCHED.contains(axonServer.code())
                    || cause instanceof NoHandlerForCommandException || cause instanceof CommandDispatchException) {
                return new LedgerError(ErrorCode.UNAVAILABLE, null, "no node could take this change just now; nothing "
                        + "was recorded: try again in " + RETRY_AFTER_SECONDS + " s");
            }
        }
        return null;
    }

    private static boolean outcomeUnknown(AxonServerException failure) {
        if (OUTCOME_UNKNOWN.contains(failure.code())) return true;
        // The 2025 connector knows neither code: it hands them over as OTHER, with Axon Server's words.
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        return OTHER.equals(failure.code()) && (message.startsWith("Connection lost while executing command")
                || message.startsWith("Cancelled by AxonServer due to timeout"));
    }

    /** Whether an error is one made here. */
    public static boolean is(LedgerError error) {
        return error.code() == ErrorCode.UNAVAILABLE && (error.message().startsWith("the node that was recording")
                || error.message().startsWith("no node could take"));
    }
}
