package org.parledger.api.assessment;

import org.parledger.api.common.LedgerCommand;
import org.parledger.api.common.Level;
import org.parledger.api.common.Principal;

import java.util.List;

/**
 * Checks a level's survey results for a year as {@link RecordSurveyResults} would record them, and records nothing:
 * answers every refusal a result would meet (field {@code results[i]…}), none when all would be recorded.
 */
public record CheckSurveyResults(int year, Level level, List<SurveyResult> results, Principal principal) implements LedgerCommand {
    public CheckSurveyResults {
        results = results == null ? List.of() : List.copyOf(results);
    }
}
