package org.parledger.api.assessment;

import org.parledger.api.common.Actor;
import org.parledger.api.common.Level;
import org.parledger.api.indexset.IndexSetCode;

public record AssessmentOpened(AssessmentId assessment, Level level, IndexSetCode indexSet, Actor actor) {
}
