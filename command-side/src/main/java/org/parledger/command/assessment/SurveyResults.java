package org.parledger.command.assessment;

import java.util.List;
import java.util.ArrayList;
import org.parledger.api.common.LedgerError;
import org.parledger.api.assessment.CheckSurveyResults;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.RecordSurveyResults;
import org.parledger.api.assessment.SurveyResult;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Role;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Level;
import org.parledger.api.common.Years;
import org.parledger.command.indexset.IndexSetCatalog;
import org.parledger.command.support.Permissions;
import org.parledger.command.support.StaleCopies;
import org.springframework.stereotype.Component;

/** Records a level's survey results for a year in one unit of work: all of them, or none. */
@Component
class SurveyResults {
    private final Repository<Assessment> assessments;
    private final IndexSetCatalog indexSets;

    SurveyResults(Repository<Assessment> assessments, IndexSetCatalog indexSets) {
        this.assessments = assessments;
        this.indexSets = indexSets;
    }

    @CommandHandler
    void handle(RecordSurveyResults command) {
        each(command.year(), command.level(), command.results(), command.principal(), true);
    }

    /** Every refusal the results would meet, none when all would be recorded; records nothing. */
    @CommandHandler
    List<LedgerError> handle(CheckSurveyResults command) {
        return each(command.year(), command.level(), command.results(), command.principal(), false);
    }

    /**
     * Whether these results were recorded already, all at once (on Axon Server, by a node killed before their request's
     * row committed): then the first result's assessment names the request.
     */
    private boolean recordedBefore(int year, SurveyResult first) {
        return Assessment.recordedTheRequestBeingHandled(assessments, new AssessmentId(first.unit(), year));
    }

    /**
     * Records each result on its assessment, refusing all at the first refusal (record), or only checks each one and
     * answers every refusal (a sheet's report); a refusal names its result ({@code results[3].points}).
     */
    private List<LedgerError> each(int year, Level level, List<SurveyResult> results, Principal principal, boolean record) {
        Actor actor = Permissions.actingAs(principal, Role.SURVEY);
        Years.require(year, "year");
        if (results.isEmpty() || results.size() > RecordSurveyResults.MAX_RESULTS) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "results", "a change records 1 to 5,000 survey results");
        }
        if (record && recordedBefore(year, results.get(0))) return List.of();
        List<LedgerError> problems = new ArrayList<>();
        IndexSetCatalog rules = indexSets.forOneCommand();
        // A unit's leaf given twice: which points are the survey's is not for the ledger to guess (both were recorded,
        // the second as a revision of the first within the same change).
        java.util.Map<String, Integer> first = new java.util.HashMap<>();
        for (int i = 0; i < results.size(); i++) {
            SurveyResult result = results.get(i);
            String field = "results[" + i + "]";
            LedgerError problem;
            Integer earlier = first.putIfAbsent(result.unit().value() + "\n" + result.criterion(), i);
            if (earlier != null) {
                problem = new LedgerError(ErrorCode.INVALID_ARGUMENT, field + ".criterion", result.unit().value() + ": "
                        + result.criterion() + " is given twice in the change (results[" + earlier + "])");
                if (record) throw new LedgerException(problem);
                problems.add(problem);
                continue;
            }
            Aggregate<Assessment> assessment = null;
            try {
                assessment = assessments.load(StreamIds.assessment(new AssessmentId(result.unit(), year)));
                if (assessment.invoke(Assessment::level) != level) {
                    throw new LedgerException(ErrorCode.LEVEL_MISMATCH, null, "the assessment is not of level " + level);
                }
                if (record) assessment.execute(a -> a.recordSurvey(rules, result.criterion(), result.points(), actor));
                else assessment.invoke(a -> a.surveyScore(rules, result.criterion(), result.points(), actor));
                continue;
            } catch (AggregateNotFoundException e) {
                problem = new LedgerError(ErrorCode.NOT_FOUND, field, "no assessment of " + result.unit() + " for " + year + " was opened");
            } catch (LedgerException e) {
                if (assessment != null) StaleCopies.refusedOn(assessment.identifierAsString(), assessment.version(), e);
                problem = new LedgerError(e.code(), field + (e.field() == null ? "" : "." + e.field()), result.unit() + ": " + e.getMessage());
            }
            if (record) throw new LedgerException(problem);
            problems.add(problem);
        }
        return problems;
    }
}
