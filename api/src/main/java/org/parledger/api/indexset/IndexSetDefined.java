package org.parledger.api.indexset;

import org.parledger.api.common.Actor;

public record IndexSetDefined(IndexSetDefinition definition, Actor actor) {
}
