package org.parledger.command.indexset;

import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Points;
import org.parledger.api.common.Texts;
import org.parledger.api.indexset.Agency;
import org.parledger.api.indexset.ClassificationBand;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetDefinition;
import org.parledger.api.indexset.ScoringSource;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules every index set obeys. A broken set is refused with the offending node named, so that the
 * author of the document can find it.
 */
final class IndexSetRulesCheck {
    private IndexSetRulesCheck() {
    }

    /** Titles and names of a set are one line each, of at most this many characters. */
    static final int MAX_TITLE = 500;
    /** A node's maximum is points on a scale of at most this. */
    static final BigDecimal MAX_POINTS = BigDecimal.valueOf(1000);
    /** Nodes in a set: real sets have about 130. */
    static final int MAX_NODES = 2000;
    /** Classification bands of a set (Tốt, Khá, Trung bình, …): a handful in practice. */
    static final int MAX_BANDS = 20;

    static void check(IndexSetDefinition set) {
        if (set == null) throw invalid("document", "the document holds no index set");
        if (set.code() == null) throw invalid("code", "an index set needs a code");
        if (blank(set.title())) throw invalid("title", "an index set needs a title");
        text(set.title(), "title");
        if (set.decision() != null) text(set.decision(), "decision");
        if (set.level() == null) throw invalid("level", "an index set needs a level");
        if (set.fromYear() < 2000 || set.toYear() < set.fromYear() || set.toYear() > 2100) {
            throw invalid("fromYear", "years " + set.fromYear() + "-" + set.toYear() + " are not a valid range");
        }
        BigDecimal scale = positive(set.scale(), "scale", "the scale");
        if (set.fields().isEmpty()) throw invalid("fields", "an index set needs at least one field");
        Set<String> agencies = checkAgencies(set.agencies());
        Set<String> codes = new HashSet<>();
        for (IndexNode field : set.fields()) checkNode(field, null, agencies, codes);
        requireSum(set.fields(), scale, "scale", "the scale " + scale.toPlainString());
        checkBands(set.bands(), scale);
    }

    private static Set<String> checkAgencies(List<Agency> agencies) {
        Set<String> codes = new HashSet<>();
        for (Agency agency : agencies) {
            if (blank(agency.code()) || blank(agency.name())) {
                throw invalid("agencies", "every appraising agency needs a code and a name");
            }
            text(agency.code(), "agencies");
            text(agency.name(), "agencies");
            if (!codes.add(agency.code())) throw invalid("agencies", "the agency " + agency.code() + " is listed twice");
        }
        return codes;
    }

    private static void checkNode(IndexNode node, String inheritedAgency, Set<String> agencies, Set<String> codes) {
        if (blank(node.code())) throw invalid("fields", "a node has no code (title: " + node.title() + ")");
        String where = "node " + node.code();
        if (!codes.add(node.code())) throw invalid(node.code(), "the code " + node.code() + " is used twice");
        if (codes.size() > MAX_NODES) throw invalid("fields", "a set has at most " + MAX_NODES + " nodes");
        if (node.code().length() > 32) throw invalid("fields", "a node's code has at most 32 characters: " + node.code().substring(0, 32) + "…");
        text(node.code(), "fields");
        if (blank(node.title())) throw invalid(node.code(), where + " has no title");
        text(node.title(), node.code());
        BigDecimal maximum = positive(node.maximum(), node.code(), where + "'s maximum");
        if (node.appraisingAgency() != null && !agencies.contains(node.appraisingAgency())) {
            throw invalid(node.code(), where + " names the appraising agency " + node.appraisingAgency()
                    + ", which is not among the set's agencies " + agencies);
        }
        String agency = node.appraisingAgency() != null ? node.appraisingAgency() : inheritedAgency;
        if (node.hasChildren()) {
            if (node.source() != null) {
                throw invalid(node.code(), where + " has children, so its points come from them, not from "
                        + node.source());
            }
            for (IndexNode child : node.children()) checkNode(child, agency, agencies, codes);
            requireSum(node.children(), maximum, node.code(), where + "'s maximum " + maximum.toPlainString());
        } else if (node.source() == null) {
            throw invalid(node.code(), where + " is a leaf and needs a scoring source (EVIDENCE or SURVEY)");
        } else if (node.source() == ScoringSource.EVIDENCE && agency == null) {
            throw invalid(node.code(), where + " is scored from evidence, but no appraising agency is responsible for it");
        }
    }

    private static void requireSum(List<IndexNode> nodes, BigDecimal expected, String field, String what) {
        BigDecimal sum = nodes.stream().map(IndexNode::maximum).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.compareTo(expected) != 0) {
            throw invalid(field, "the maxima below add up to " + sum.toPlainString() + ", not " + what);
        }
    }

    private static void checkBands(List<ClassificationBand> bands, BigDecimal scale) {
        if (bands.size() > MAX_BANDS) throw invalid("bands", "at most " + MAX_BANDS + " classification bands");
        Set<String> names = new HashSet<>();
        for (ClassificationBand band : bands) {
            if (blank(band.name())) throw invalid("bands", "a classification band has no name");
            if (!names.add(band.name())) throw invalid("bands", "the band " + band.name() + " is defined twice");
            BigDecimal minimum = band.minimumIndex();
            if (minimum == null || minimum.signum() < 0 || minimum.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw invalid("bands", "band " + band.name() + " needs a minimum index between 0 and 100");
            }
        }
    }

    private static BigDecimal positive(BigDecimal value, String field, String what) {
        if (value == null || value.signum() <= 0) throw invalid(field, what + " must be a positive number");
        if (value.compareTo(MAX_POINTS) > 0) throw invalid(field, what + " must be at most " + MAX_POINTS);
        return Points.normalise(value, field);
    }

    /** One line of readable text, as every title and name the ledger keeps forever. */
    private static void text(String value, String field) {
        try {
            Texts.normalise(value, MAX_TITLE, false);
        } catch (IllegalArgumentException e) {
            throw invalid(field, field + ": " + e.getMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static LedgerException invalid(String field, String message) {
        return new LedgerException(ErrorCode.INVALID_INDEX_SET, field, message);
    }
}
