package org.parledger.command.sheet;

import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;
import graphql.GraphQLContext;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.assessment.CheckAppraisedScores;
import org.parledger.api.assessment.CheckSelfScores;
import org.parledger.api.assessment.CheckSurveyResults;
import org.parledger.api.assessment.RecordSurveyResults;
import org.parledger.api.assessment.SurveyResult;
import org.parledger.api.common.Level;
import org.parledger.api.assessment.EvidenceReference;
import org.parledger.api.assessment.RecordAppraisedScores;
import org.parledger.api.assessment.RecordSelfScores;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Inputs;
import org.parledger.api.common.LedgerError;
import org.parledger.api.common.LedgerException;
import org.parledger.api.common.Principal;
import org.parledger.api.common.Texts;
import org.parledger.command.support.Accepted;
import org.parledger.command.support.CommandSender;
import org.parledger.command.support.CurrentActor;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.stereotype.Controller;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a unit-year's self-assessment, or an appraisal, from the spreadsheet people keep it in, through the same
 * commands and rules as the mutations and as the signed-in person. All or nothing: every row is checked first (the
 * file's own faults, then {@link CheckSelfScores} / {@link CheckAppraisedScores} for the rules), and a sheet with any
 * bad row records nothing and answers a report naming each; a good sheet is recorded as one command whose request id
 * is the sheet's hash, so that sending the same file again records nothing twice.
 */
@Controller
class ScoreSheetImports {
    enum Kind { SELF_ASSESSMENT, APPRAISAL }

    record Problem(Integer row, String criterion, ErrorCode code, String field, String message) {
    }

    record Report(boolean recorded, int rows, String stream, Long version, Long position, List<Problem> problems) {
    }

    /** A row that could be read, and the leaf it asks for. */
    private record Parsed<L>(ScoreSheet.SheetRow row, String criterion, L leaf) {
    }

    private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,6})?");
    private static final Pattern LEAF_INDEX = Pattern.compile("^(?:leaves|results)\\[(\\d+)](?:\\.(.*))?$");

    private final CommandGateway gateway;
    private final CommandSender commands;
    private final CurrentActor actors;

    ScoreSheetImports(CommandGateway gateway, CommandSender commands, CurrentActor actors) {
        this.gateway = gateway;
        this.commands = commands;
        this.actors = actors;
    }

    @MutationMapping
    Report importScores(@Argument String unit, @Argument int year, @Argument Kind kind, @Argument ScoreSheet.Format format,
                        @Argument String content, GraphQLContext context) {
        Principal principal = actors.of(context);
        AssessmentId assessment = Inputs.assessment(unit, year, "");
        byte[] bytes = bytes(format, content);
        List<ScoreSheet.SheetRow> rows = rows(format, bytes, RecordSelfScores.MAX_LEAVES, "a sheet", "leaves");
        String requestId = "sheet:" + sha256(principal.subject() + "\n" + kind + "\n" + assessment + "\n", bytes);
        return kind == Kind.SELF_ASSESSMENT
                ? sheet(rows, ScoreSheetImports::selfScore, leaves -> new CheckSelfScores(assessment, leaves, principal),
                        leaves -> new RecordSelfScores(assessment, leaves, principal), requestId)
                : sheet(rows, ScoreSheetImports::appraisal, leaves -> new CheckAppraisedScores(assessment, leaves, principal),
                        leaves -> new RecordAppraisedScores(assessment, leaves, principal), requestId);
    }

    /**
     * A level's survey results for a year from a sheet (columns unit, code, points), as the survey team: all or nothing,
     * every bad row reported, the same file again recorded once.
     */
    @MutationMapping
    Report importSurveyResults(@Argument int year, @Argument Level level, @Argument ScoreSheet.Format format,
                               @Argument String content, GraphQLContext context) {
        Principal principal = actors.of(context);
        byte[] bytes = bytes(format, content);
        List<ScoreSheet.SheetRow> rows = rows(format, bytes, RecordSurveyResults.MAX_RESULTS, "a survey sheet", "results");
        String requestId = "sheet:" + sha256(principal.subject() + "\nSURVEY\n" + level + "\n" + year + "\n", bytes);
        return sheet(rows, (row, criterion, points) -> {
                    String unit = row.cell("unit");
                    if (unit == null) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "unit", "the row names no unit");
                    return new SurveyResult(Inputs.unit(unit, "unit"), criterion, points);
                }, results -> new CheckSurveyResults(year, level, results, principal),
                results -> new RecordSurveyResults(year, level, results, principal), requestId);
    }

    /** The sheet's rows of leaves (or results), 1 to max of them, or INVALID_ARGUMENT (field content). */
    private static List<ScoreSheet.SheetRow> rows(ScoreSheet.Format format, byte[] bytes, int max, String sheet, String what) {
        List<ScoreSheet.SheetRow> rows = ScoreSheet.rows(format, bytes, max);
        if (rows.isEmpty() || rows.size() > max) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", sheet + " has a header row and 1 to " + max
                    + " rows of " + what + "; this one has " + (rows.isEmpty() ? "none" : "more"));
        }
        return rows;
    }

    /**
     * Reads every row, checks the readable ones with the check command, and answers every problem with nothing recorded;
     * or, with none, records them all with one command under the sheet's request id.
     */
    private <L> Report sheet(List<ScoreSheet.SheetRow> rows, RowReader<L> reader, Function<List<L>, Object> check,
                             Function<List<L>, Object> record, String requestId) {
        List<Problem> problems = new ArrayList<>();
        List<Parsed<L>> parsed = parse(rows, problems, reader);
        List<L> leaves = parsed.stream().map(Parsed::leaf).toList();
        if (!leaves.isEmpty()) check(gateway.sendAndWait(check.apply(leaves)), parsed, problems);
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(Problem::row, Comparator.nullsFirst(Comparator.naturalOrder())));
            return new Report(false, rows.size(), null, null, null, List.copyOf(problems));
        }
        Accepted accepted = commands.send(record.apply(leaves), requestId, null);
        return new Report(true, rows.size(), accepted.stream(), accepted.version(), accepted.position(), List.of());
    }

    /** The file's bytes: a CSV as sent (UTF-8), an XLSX as base64. */
    private static byte[] bytes(ScoreSheet.Format format, String content) {
        if (content == null || content.isBlank()) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", "the file is empty");
        }
        if (format == ScoreSheet.Format.CSV) return content.getBytes(StandardCharsets.UTF_8);
        try {
            return Base64.getMimeDecoder().decode(content.strip());
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", "an XLSX file is sent as base64: " + e.getMessage());
        }
    }

    @FunctionalInterface
    private interface RowReader<L> {
        L read(ScoreSheet.SheetRow row, String criterion, BigDecimal points);
    }

    /** The leaves of the rows that can be read; a problem for each that cannot (no code, no points, a bad text). */
    private static <L> List<Parsed<L>> parse(List<ScoreSheet.SheetRow> rows, List<Problem> problems, RowReader<L> reader) {
        List<Parsed<L>> parsed = new ArrayList<>();
        for (ScoreSheet.SheetRow row : rows) {
            String criterion = row.cell("code");
            try {
                if (criterion == null) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "code", "the row has no leaf code");
                criterion = text(criterion, 32, false, "code");
                String points = row.cell("points");
                if (points == null || !DECIMAL.matcher(points.strip()).matches()) {
                    throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "points", "points are plain digits, at most 9 before "
                            + "the point and 6 after: " + (points == null ? "none given" : "'" + abbreviate(points) + "'"));
                }
                parsed.add(new Parsed<>(row, criterion, reader.read(row, criterion, new BigDecimal(points.strip()))));
            } catch (LedgerException e) {
                problems.add(new Problem(row.number(), criterion == null ? null : abbreviate(criterion), e.code(), e.field(),
                        e.getMessage()));
            }
        }
        return parsed;
    }

    private static RecordSelfScores.Leaf selfScore(ScoreSheet.SheetRow row, String criterion, BigDecimal points) {
        String document = optional(row, "document", 100, false);
        EvidenceReference evidence = document == null ? null : new EvidenceReference(document,
                optional(row, "section", 200, false), optional(row, "page", 20, false), optional(row, "link", 1000, false));
        return new RecordSelfScores.Leaf(criterion, points, evidence, optional(row, "explanation", 2000, true));
    }

    private static RecordAppraisedScores.Leaf appraisal(ScoreSheet.SheetRow row, String criterion, BigDecimal points) {
        return new RecordAppraisedScores.Leaf(criterion, points, optional(row, "reason", 2000, true));
    }

    private static String optional(ScoreSheet.SheetRow row, String column, int max, boolean multiline) {
        String value = row.cell(column);
        return value == null ? null : text(value, max, multiline, column);
    }

    /** A text cell held to the same rules as the mutation's argument (length, no control or invisible characters). */
    private static String text(String value, int max, boolean multiline, String column) {
        try {
            return Texts.normalise(value, max, multiline);
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, column, column + " " + e.getMessage());
        }
    }

    /** The rules' refusals, each on the row whose leaf it names. */
    private static <L> void check(Object answer, List<Parsed<L>> parsed, List<Problem> problems) {
        if (!(answer instanceof List<?> refusals)) throw new IllegalStateException("a check answered " + answer);
        for (Object refusal : refusals) {
            LedgerError error = (LedgerError) refusal;
            Matcher leaf = error.field() == null ? null : LEAF_INDEX.matcher(error.field());
            if (leaf == null || !leaf.matches()) {
                problems.add(new Problem(null, null, error.code(), error.field(), error.message()));
                continue;
            }
            Parsed<L> row = parsed.get(Integer.parseInt(leaf.group(1)));
            String message = error.message().replaceFirst("^leaves\\[\\d+] \\([^)]*\\): ", "");
            problems.add(new Problem(row.row().number(), row.criterion(), error.code(), leaf.group(2), message));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String sha256(String prefix, byte[] content) {
        MessageDigest digest = DigestUtils.getSha256Digest();
        digest.update(prefix.getBytes(StandardCharsets.UTF_8));
        return Hex.encodeHexString(digest.digest(content));
    }
}
