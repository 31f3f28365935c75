package org.parledger.api.ranking;

import java.util.List;

/** Published rounds, the latest year first. */
public record PublishedRounds(List<PublishedRound> rounds) {
    public PublishedRounds {
        rounds = List.copyOf(rounds);
    }
}
