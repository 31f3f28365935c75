package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Level;

import java.util.List;

/**
 * The sociological survey's results for a whole level and year at once: recorded on every assessment they
 * name together, or, if any is refused, on none.
 */
public record RecordSurveyResults(int year, Level level, List<SurveyResult> results, Principal principal) implements LedgerCommand {
    /** The most results one change takes: a whole level's, chunked by the client beyond this. */
    public static final int MAX_RESULTS = 5_000;

    public RecordSurveyResults {
        results = results == null ? List.of() : List.copyOf(results);
    }
}
