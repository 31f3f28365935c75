package org.parledger.command.sheet;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a sheet's rows are read: by the header's names, with the numbers people see, from CSV and from Excel. */
class ScoreSheetTest {
    @Test
    void aCsvIsReadByItsHeaderWithQuotedCellsABomAndTheRowsASpreadsheetShows() {
        String csv = "\uFEFFCODE, Points ,Document\n1.1,4,\"12/KH, trang 3\"\n\n\"1.2\",\"0.5\",\n";
        List<ScoreSheet.SheetRow> rows = ScoreSheet.rows(ScoreSheet.Format.CSV, csv.getBytes(StandardCharsets.UTF_8));
        assertThat(rows).containsExactly(
                new ScoreSheet.SheetRow(2, Map.of("code", "1.1", "points", "4", "document", "12/KH, trang 3")),
                new ScoreSheet.SheetRow(4, Map.of("code", "1.2", "points", "0.5")));
    }

    @Test
    void aCsvThatIsNotUtf8IsRefusedAsAWhole() {
        byte[] latin1 = "code,points,explanation\n1.1,2,Gi\u00e0i\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ScoreSheet.rows(ScoreSheet.Format.CSV, latin1))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("content");
                });
    }

    @Test
    void anExcelSheetGivesItsNumbersAsExcelShowsThemAndSkipsEmptyRows() throws IOException {
        byte[] workbook;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet();
            sheet.createRow(0).createCell(0).setCellValue("Code");
            sheet.getRow(0).createCell(1).setCellValue("Points");
            sheet.createRow(1).createCell(0).setCellValue("1.1");
            sheet.getRow(1).createCell(1).setCellValue(4.35);
            sheet.createRow(3).createCell(0).setCellValue("2.1");
            sheet.getRow(3).createCell(1).setCellFormula("1+2");
            book.setForceFormulaRecalculation(true);
            book.getCreationHelper().createFormulaEvaluator().evaluateAll();
            book.write(out);
            workbook = out.toByteArray();
        }
        assertThat(ScoreSheet.rows(ScoreSheet.Format.XLSX, workbook)).containsExactly(
                new ScoreSheet.SheetRow(2, Map.of("code", "1.1", "points", "4.35")),
                new ScoreSheet.SheetRow(4, Map.of("code", "2.1", "points", "3")));
        assertThatThrownBy(() -> ScoreSheet.rows(ScoreSheet.Format.XLSX, "PK not really".getBytes()))
                .isInstanceOf(LedgerException.class);
    }
}
