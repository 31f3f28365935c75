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
import org.parledger.api.common.Years;
import org.parledger.command.indexset.IndexSetCatalog;
import org.parledger.command.support.Permissions;
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
        Actor actor = Permissions.actingAs(command.principal(), Role.SURVEY);
        Years.require(command.year(), "year");
        if (command.results().isEmpty() || command.results().size() > 5_000) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "results", "a change records 1 to 5,000 survey results");
        }
        for (int i = 0; i < command.results().size(); i++) {
            SurveyResult result = command.results().get(i);
            String field = "results[" + i + "]";
            AssessmentId id = new AssessmentId(result.unit(), command.year());
            try {
                Aggregate<Assessment> assessment = assessments.load(StreamIds.assessment(id));
                if (assessment.invoke(Assessment::level) != command.level()) {
                    throw new LedgerException(ErrorCode.LEVEL_MISMATCH, null, "the assessment is not of level " + command.level());
                }
                assessment.execute(a -> a.recordSurvey(indexSets, result.criterion(), result.points(), actor));
            } catch (AggregateNotFoundException e) {
                throw new LedgerException(ErrorCode.NOT_FOUND, field, "no assessment of " + result.unit() + " for "
                        + command.year() + " was opened");
            } catch (LedgerException e) {
                throw new LedgerException(e.code(), field + (e.field() == null ? "" : "." + e.field()),
                        result.unit() + ": " + e.getMessage());
            }
        }
    }

    /** Every refusal the results would meet, none when all would be recorded; records nothing. */
    @CommandHandler
    List<LedgerError> handle(CheckSurveyResults command) {
        Actor actor = Permissions.actingAs(command.principal(), Role.SURVEY);
        Years.require(command.year(), "year");
        if (command.results().isEmpty() || command.results().size() > 5_000) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "results", "a change records 1 to 5,000 survey results");
        }
        List<LedgerError> problems = new ArrayList<>();
        for (int i = 0; i < command.results().size(); i++) {
            SurveyResult result = command.results().get(i);
            String field = "results[" + i + "]";
            try {
                Aggregate<Assessment> assessment = assessments.load(StreamIds.assessment(new AssessmentId(result.unit(), command.year())));
                if (assessment.invoke(Assessment::level) != command.level()) {
                    throw new LedgerException(ErrorCode.LEVEL_MISMATCH, null, "the assessment is not of level " + command.level());
                }
                assessment.invoke(a -> a.surveyScore(indexSets, result.criterion(), result.points(), actor));
            } catch (AggregateNotFoundException e) {
                problems.add(new LedgerError(ErrorCode.NOT_FOUND, field, "no assessment of " + result.unit() + " for "
                        + command.year() + " was opened"));
            } catch (LedgerException e) {
                problems.add(new LedgerError(e.code(), field + (e.field() == null ? "" : "." + e.field()), e.getMessage()));
            }
        }
        return problems;
    }
}
