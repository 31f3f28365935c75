package org.parledger.command.support;

import org.axonframework.commandhandling.CommandExecutionException;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;

/**
 * The refusal a client is answered for a failure, wherever it arose: for the GraphQL error resolver and for the
 * commands' meter, so that both name the same code.
 */
public final class Refusals {
    private Refusals() {
    }

    /** The refusal, or null when the failure is none (a bug: the client is told INTERNAL_ERROR). */
    public static LedgerError of(Throwable thrown) {
        LedgerError carried = carried(thrown);
        return carried != null ? carried : atStorage(thrown);
    }

    /**
     * A refusal raised as such: a {@link LedgerException} here, or one a command handler raised and the
     * {@link RefusalInterceptor} (or {@link CommitFailures}) passed on as a {@link CommandExecutionException}'s details.
     */
    public static LedgerError carried(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof LedgerException e) return e.error();
            if (t instanceof CommandExecutionException e && e.getDetails().orElse(null) instanceof LedgerError details) {
                return details;
            }
        }
        return null;
    }

    /** What a failure of storing or of reaching the database means to the client, when nobody raised a refusal. */
    public static LedgerError atStorage(Throwable thrown) {
        LedgerError refusal = CommitFailures.refusal(thrown);
        if (refusal != null) return refusal;
        return DatabaseOutage.is(thrown) ? DatabaseOutage.error() : null;
    }
}
