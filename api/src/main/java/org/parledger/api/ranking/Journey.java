package org.parledger.api.ranking;

import org.parledger.api.assessment.AssessmentId;

import java.util.List;

/** A unit's path for a year from its self-assessed total to its final figure, station by station. */
public record Journey(AssessmentId assessment, List<JourneyStep> steps) {
    public Journey {
        steps = List.copyOf(steps);
    }
}
