package org.parledger.api.assessment;

/** A command addressed to one unit-year assessment stream. */
public interface AssessmentCommand {
    AssessmentId assessment();
}
