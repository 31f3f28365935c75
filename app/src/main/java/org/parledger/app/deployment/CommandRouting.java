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
 * executing command" (AXONIQ-4001); when Axon Server itself goes, every change fails to be dispatched (AXONIQ-4003).
 * Both were answered INTERNAL_ERROR and logged as errors with their stacks (by hand: 15 of 3,000 changes sent to two
 * nodes when one was killed; every change for the 45 s Axon Server was down). They are UNAVAILABLE: worth sending
 * again, with the same requestId, since the change may have been recorded.
 */
public final class CommandRouting {
    /** No node took the change (none connected that handles it, Axon Server not reached): nothing was recorded. */
    private static final Set<String> NOT_DISPATCHED = Set.of("AXONIQ-3001", "AXONIQ-4000");
    /**
     * The handling node went away or did not answer in time while it ran the change (AXONIQ-4001, 4002), or the way
     * to Axon Server broke while the change was under way (4003): it may have been recorded.
     */
    private static final Set<String> OUTCOME_UNKNOWN = Set.of("AXONIQ-4001", "AXONIQ-4002", "AXONIQ-4003");
    private static final String OTHER = "AXONIQ-0001";
    public static final int RETRY_AFTER_SECONDS = 1;
    private static final String NOT_TAKEN = "no node could take this change just now; nothing was recorded: try again in "
            + RETRY_AFTER_SECONDS + " s";
    private static final String OUTCOME_NOT_KNOWN = "the way to the node recording this change broke before it answered, "
            + "so whether it was recorded is not known: send it again with the same requestId";

    private CommandRouting() {
    }

    /** UNAVAILABLE for a routing failure anywhere in the chain of causes (the first 20); null for anything else. */
    public static LedgerError failure(Throwable thrown) {
        Throwable cause = thrown;
        for (int depth = 0; cause != null && depth < 20; depth++, cause = cause.getCause()) {
            String code = code(cause);
            if (code != null && NOT_DISPATCHED.contains(code) || cause instanceof NoHandlerForCommandException) {
                return new LedgerError(ErrorCode.UNAVAILABLE, null, NOT_TAKEN, RETRY_AFTER_SECONDS);
            }
            if (code != null && OUTCOME_UNKNOWN.contains(code) || cause instanceof CommandDispatchException
                    || OTHER.equals(code) && inAxonServersWords(cause.getMessage())) {
                return new LedgerError(ErrorCode.UNAVAILABLE, null, OUTCOME_NOT_KNOWN, RETRY_AFTER_SECONDS);
            }
        }
        return null;
    }

    /** Axon Server's code, from Axon Framework's exception or from its connector's. */
    private static String code(Throwable failure) {
        if (failure instanceof AxonServerException framework) return framework.code();
        if (failure instanceof io.axoniq.axonserver.connector.AxonServerException connector) {
            return connector.getErrorCategory() == null ? null : connector.getErrorCategory().errorCode();
        }
        return null;
    }

    /** The 2025 connector knows neither AXONIQ-4001 nor 4002: it hands them over as OTHER, with Axon Server's words. */
    private static boolean inAxonServersWords(String message) {
        return message != null && (message.startsWith("Connection lost while executing command")
                || message.startsWith("Cancelled by AxonServer due to timeout"));
    }
}
