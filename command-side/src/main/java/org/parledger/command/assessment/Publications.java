package org.parledger.command.assessment;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.parledger.api.StreamIds;
import org.parledger.api.assessment.PublishResults;
import org.parledger.api.assessment.PublishedRank;
import org.parledger.api.assessment.ResultsPublished;
import org.parledger.api.assessment.Stage;
import org.parledger.api.common.Actor;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Role;
import org.parledger.api.common.Years;
import org.parledger.api.ranking.RankOrder;
import org.parledger.command.support.Permissions;
import org.parledger.command.support.StaleCopies;
import org.parledger.command.unit.UnitDirectory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a level's results for a year in one round (national, or one province's): every assessment of that level and year is published with its
 * official rank, and the publication itself is recorded, all in one unit of work. Ranks follow
 * {@link RankOrder} over the verified figures.
 */
@Component
class Publications {
    private final AssessmentRegistry registry;
    private final Repository<Assessment> assessments;
    private final Repository<Publication> publications;

    private final UnitDirectory units;

    Publications(AssessmentRegistry registry, Repository<Assessment> assessments, Repository<Publication> publications,
                 UnitDirectory units) {
        this.registry = registry;
        this.units = units;
        this.assessments = assessments;
        this.publications = publications;
    }

    @CommandHandler
    void handle(PublishResults command) throws Exception {
        Actor actor = Permissions.actingWithin(command.principal(), command.within(), Role.COUNCIL, Role.ADMIN);
        Years.require(command.year(), "year");
        Rounds.requireRoundOf(command.level(), command.within(), units);
        if (command.decision() == null || command.decision().isBlank()) {
            throw new LedgerException(ErrorCode.DECISION_REQUIRED, "decision", "a publication needs its decision");
        }
        if (command.decidedOn() == null) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "decidedOn", "a publication needs its decision's date");
        }
        String round = command.within() == null ? "the national round" : "the round of province " + command.within();
        List<AssessmentRegistry.Entry> entries = registry.of(command.year(), command.level(), command.within());
        if (entries.isEmpty()) {
            throw new LedgerException(ErrorCode.NOT_READY_FOR_PUBLICATION, null,
                    "no " + command.level() + " assessment exists for " + command.year() + " in " + round);
        }
        AssessmentRegistry.Entry published = entries.stream().filter(e -> e.stage() == Stage.PUBLISHED).findFirst().orElse(null);
        if (published != null) {
            // A retry of this very publication (a node killed before its request's row committed) is answered as it was.
            if (Assessment.recordedTheRequestBeingHandled(assessments, published.assessment())) return;
            throw new LedgerException(ErrorCode.ALREADY_EXISTS, null, "the " + command.level() + " results for "
                    + command.year() + " in " + round + " are already published; a figure now changes only by a correction");
        }
        List<String> notVerified = entries.stream().filter(e -> e.stage() != Stage.VERIFIED)
                .map(e -> e.assessment().unit() + " (" + e.stage() + ")").toList();
        if (!notVerified.isEmpty()) {
            throw new LedgerException(ErrorCode.NOT_READY_FOR_PUBLICATION, null,
                    "every assessment must be verified first; not yet: " + String.join(", ", notVerified));
        }
        List<PublishedRank> unranked = new ArrayList<>();
        List<Aggregate<Assessment>> loaded = new ArrayList<>();
        for (AssessmentRegistry.Entry entry : entries) {
            Aggregate<Assessment> assessment = assessments.load(StreamIds.assessment(entry.assessment()));
            loaded.add(assessment);
            unranked.add(decided(assessment, () -> assessment.invoke(Assessment::verifiedRank)));
        }
        List<RankOrder.Ranked<PublishedRank>> ranked = RankOrder.rank(unranked, PublishedRank::index, r -> r.unit().value());
        List<PublishedRank> ranks = ranked.stream().map(r -> new PublishedRank(r.item().unit(), r.rank(), r.item().index(),
                r.item().points(), r.item().attainableMaximum())).toList();
        for (Aggregate<Assessment> assessment : loaded) {
            decided(assessment, () -> {
                assessment.execute(a -> a.publish(ranks, command, actor));
                return null;
            });
        }
        publications.newInstance(() -> new Publication(new ResultsPublished(command.year(), command.level(),
                command.decision().strip(), command.decidedOn(), ranks, actor, command.within())));
    }

    /** A refusal by one of the assessments says which version of it was refused (see {@link StaleCopies}). */
    private static <T> T decided(Aggregate<Assessment> assessment, java.util.function.Supplier<T> decision) {
        try {
            return decision.get();
        } catch (LedgerException refused) {
            throw StaleCopies.refusedOn(assessment.identifierAsString(), assessment.version(), refused);
        }
    }
}
