package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

/** Corrects which agency appraises a node and everything below it that names no agency of its own. */
public record CorrectAppraisingAgency(IndexSetCode indexSet, String code, String agency, String reason,
                                      String reference, Actor actor) implements IndexSetCommand {
}
