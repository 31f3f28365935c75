package org.parledger.query.sheet;

import graphql.GraphQLContext;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.parledger.api.assessment.AssessmentId;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.Inputs;
import org.parledger.api.common.LedgerException;
import org.parledger.api.indexset.FindIndexSet;
import org.parledger.api.indexset.IndexNode;
import org.parledger.api.indexset.IndexSetView;
import org.parledger.api.indexset.ScoringSource;
import org.parledger.api.ranking.AssessmentSummary;
import org.parledger.api.ranking.FindAssessment;
import org.parledger.api.ranking.LeafPoints;
import org.parledger.query.support.ReadAccess;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;

/**
 * A score sheet to fill in: an Excel workbook with a row for each leaf a person scores in a unit-year (evidence leaves
 * not marked not applicable), its code, Vietnamese title, maximum and the figures recorded so far, the points cells
 * validated by Excel itself (a number from 0 to the row's maximum, at most two decimals). Filled in, it goes back
 * through importScores unchanged: its columns are the ones the import reads.
 */
@Controller
class ScoreSheetTemplates {
    enum Kind { SELF_ASSESSMENT, APPRAISAL }

    private final QueryGateway queries;

    ScoreSheetTemplates(QueryGateway queries) {
        this.queries = queries;
    }

    @QueryMapping
    String scoreSheetTemplate(@Argument String unit, @Argument int year, @Argument Kind kind, GraphQLContext context) {
        AssessmentId id = Inputs.assessment(unit, year, "");
        ReadAccess.requireWorkingFigures(context, unit, "unit", "a score sheet of an assessment");
        AssessmentSummary summary = queries.query(new FindAssessment(id, null),
                ResponseTypes.optionalInstanceOf(AssessmentSummary.class)).join().orElseThrow(() -> new LedgerException(
                ErrorCode.NOT_FOUND, "unit", "no assessment of " + unit + " for " + year + " was opened"));
        IndexSetView set = queries.query(new FindIndexSet(summary.indexSet()), ResponseTypes.optionalInstanceOf(IndexSetView.class))
                .join().orElseThrow(() -> new IllegalStateException("index set " + summary.indexSet() + " is not in the read model"));
        List<LeafPoints> leaves = summary.leaves().stream()
                .filter(leaf -> leaf.source() == ScoringSource.EVIDENCE && !leaf.notApplicable()).toList();
        return Base64.getEncoder().encodeToString(workbook(kind, summary, set, leaves));
    }

    private static byte[] workbook(Kind kind, AssessmentSummary summary, IndexSetView set, List<LeafPoints> leaves) {
        boolean self = kind == Kind.SELF_ASSESSMENT;
        List<String> columns = self
                ? List.of("Code", "Title", "Maximum", "Points", "Document", "Section", "Page", "Link", "Explanation")
                : List.of("Code", "Title", "Maximum", "Self-assessed", "Points", "Reason");
        int points = columns.indexOf("Points");
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet((self ? "Tự đánh giá " : "Thẩm định ") + summary.assessment().unit().value()
                    + " " + summary.assessment().year());
            CellStyle bold = Workbooks.header(workbook);
            Row header = sheet.createRow(0);
            for (int c = 0; c < columns.size(); c++) {
                header.createCell(c).setCellValue(columns.get(c));
                header.getCell(c).setCellStyle(bold);
            }
            for (int r = 0; r < leaves.size(); r++) {
                LeafPoints leaf = leaves.get(r);
                Row row = sheet.createRow(r + 1);
                row.createCell(0).setCellValue(leaf.code());
                row.createCell(1).setCellValue(set.rules().node(leaf.code()).map(IndexNode::title).orElse(""));
                row.createCell(2).setCellValue(leaf.maximum().doubleValue());
                if (self) {
                    number(row, points, leaf.selfAssessed());
                } else {
                    number(row, 3, leaf.selfAssessed());
                    number(row, points, leaf.appraised() != null ? leaf.appraised() : leaf.selfAssessed());
                }
            }
            if (!leaves.isEmpty()) {
                // Excel refuses what the ledger would: a points cell from 0 to its row's maximum, two decimals at most.
                String cell = columnName(points) + "2";
                DataValidationHelper helper = sheet.getDataValidationHelper();
                DataValidation validation = helper.createValidation(helper.createCustomConstraint(
                        "AND(ISNUMBER(" + cell + ")," + cell + ">=0," + cell + "<=C2," + cell + "=ROUND(" + cell + ",2))"),
                        new CellRangeAddressList(1, leaves.size(), points, points));
                validation.setShowErrorBox(true);
                validation.createErrorBox("Điểm không hợp lệ", "Điểm từ 0 đến điểm tối đa của tiêu chí, tối đa hai chữ số thập phân.");
                sheet.addValidationData(validation);
            }
            for (int c = 0; c < columns.size(); c++) sheet.setColumnWidth(c, c == 1 ? 60 * 256 : 14 * 256);
            sheet.createFreezePane(0, 1);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void number(Row row, int column, BigDecimal value) {
        if (value != null) row.createCell(column).setCellValue(value.doubleValue());
    }

    private static String columnName(int column) {
        return String.valueOf((char) ('A' + column));
    }
}
