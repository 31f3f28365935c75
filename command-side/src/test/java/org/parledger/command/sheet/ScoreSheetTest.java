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
        List<ScoreSheet.SheetRow> rows = ScoreSheet.rows(ScoreSheet.Format.CSV, csv.getBytes(StandardCharsets.UTF_8), 10);
        assertThat(rows).containsExactly(
                new ScoreSheet.SheetRow(2, Map.of("code", "1.1", "points", "4", "document", "12/KH, trang 3")),
                new ScoreSheet.SheetRow(4, Map.of("code", "1.2", "points", "0.5")));
    }

    /** A column that is read, named twice: which holds the figures is not for the ledger to guess (the later one won). */
    @Test
    void aColumnThatIsReadMayBeNamedOnceOnly() throws IOException {
        String csv = "code,Points,title,POINTS\n1.1,4,Tiêu chí,0.5\n";
        assertThatThrownBy(() -> ScoreSheet.rows(ScoreSheet.Format.CSV, csv.getBytes(StandardCharsets.UTF_8), 10))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("content");
                    assertThat(e.getMessage()).contains("points twice (columns B and D)");
                });
        byte[] workbook;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var header = book.createSheet().createRow(0);
            header.createCell(0).setCellValue("Code");
            header.createCell(1).setCellValue("code");
            // Gaps in the header (cells never written) are no names, however many.
            header.createCell(4).setCellValue("note");
            header.createCell(7).setCellValue("note");
            book.getSheetAt(0).createRow(1).createCell(0).setCellValue("1.1");
            book.write(out);
            workbook = out.toByteArray();
        }
        assertThatThrownBy(() -> ScoreSheet.rows(ScoreSheet.Format.XLSX, workbook, 10))
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.getMessage()).contains("code twice (columns A and B)"));
        byte[] gaps;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var header = book.createSheet().createRow(0);
            header.createCell(0).setCellValue("code");
            header.createCell(2).setCellValue("points");
            header.createCell(5).setCellValue("explanation");
            var row = book.getSheetAt(0).createRow(1);
            row.createCell(0).setCellValue("1.1");
            row.createCell(2).setCellValue(4);
            book.write(out);
            gaps = out.toByteArray();
        }
        assertThat(ScoreSheet.rows(ScoreSheet.Format.XLSX, gaps, 10)).containsExactly(new ScoreSheet.SheetRow(2, Map.of("code", "1.1", "points", "4")));
        // Columns that are not read may repeat (two notes, two blank headers).
        assertThat(ScoreSheet.rows(ScoreSheet.Format.CSV, "code,points,note,note,,\n1.1,4,a,b,,\n".getBytes(StandardCharsets.UTF_8), 10))
                .containsExactly(new ScoreSheet.SheetRow(2, Map.of("code", "1.1", "points", "4", "note", "b")));
    }

    @Test
    void aCsvThatIsNotUtf8IsRefusedAsAWhole() {
        byte[] latin1 = "code,points,explanation\n1.1,2,Gi\u00e0i\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ScoreSheet.rows(ScoreSheet.Format.CSV, latin1, 10))
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
        assertThat(ScoreSheet.rows(ScoreSheet.Format.XLSX, workbook, 10)).containsExactly(
                new ScoreSheet.SheetRow(2, Map.of("code", "1.1", "points", "4.35")),
                new ScoreSheet.SheetRow(4, Map.of("code", "2.1", "points", "3")));
        assertThatThrownBy(() -> ScoreSheet.rows(ScoreSheet.Format.XLSX, "PK not really".getBytes(), 10))
                .isInstanceOf(LedgerException.class);
    }

    @Test
    void textTypedInACellStaysAsTypedAndANumberWithADisplayFormatIsItsValue() throws IOException {
        byte[] workbook;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet();
            var header = sheet.createRow(0);
            header.createCell(0).setCellValue("code");
            header.createCell(2).setCellValue("points");
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("1.10");
            var points = row.createCell(2);
            points.setCellValue(2.5);
            // Shown as "3" in Excel; the points are still 2.5.
            var rounded = book.createCellStyle();
            rounded.setDataFormat(book.createDataFormat().getFormat("0"));
            points.setCellStyle(rounded);
            book.write(out);
            workbook = out.toByteArray();
        }
        assertThat(ScoreSheet.rows(ScoreSheet.Format.XLSX, workbook, 10))
                .containsExactly(new ScoreSheet.SheetRow(2, Map.of("code", "1.10", "points", "2.5")));
    }

    @Test
    void readingStopsOneRowPastTheLimit() throws IOException {
        StringBuilder csv = new StringBuilder("code,points\n");
        for (int i = 0; i < 1_000; i++) csv.append("1.1,1\n");
        assertThat(ScoreSheet.rows(ScoreSheet.Format.CSV, csv.toString().getBytes(StandardCharsets.UTF_8), 5)).hasSize(6);
        byte[] workbook;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet();
            sheet.createRow(0).createCell(0).setCellValue("code");
            for (int i = 1; i <= 1_000; i++) sheet.createRow(i).createCell(0).setCellValue("1." + i);
            book.write(out);
            workbook = out.toByteArray();
        }
        List<ScoreSheet.SheetRow> rows = ScoreSheet.rows(ScoreSheet.Format.XLSX, workbook, 5);
        assertThat(rows).hasSize(6);
        assertThat(rows.get(5)).isEqualTo(new ScoreSheet.SheetRow(7, Map.of("code", "1.6")));
    }

    /**
     * A workbook of under a megabyte whose sheet inflates to 60 MB (under POI's ratio guard of 100 to 1): refused as
     * unreadable, without reading it whole. Loaded whole, such a file exhausted a 512 MB heap.
     */
    @Test
    void aWorkbookWhosePartsInflateBeyondTheLargestPartIsRefused() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        java.util.Random random = new java.util.Random(1);
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(zipped)) {
            zip.setLevel(9);
            put(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                    <Default Extension="xml" ContentType="application/xml"/>\
                    <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                    <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            put(zip, "_rels/.rels", """
                    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            put(zip, "xl/workbook.xml", """
                    <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                    xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            put(zip, "xl/_rels/workbook.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/worksheets/sheet1.xml"));
            StringBuilder sheet = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            for (int i = 0; i < 600_000; i++) {
                // One of sixteen letters a row keeps the inflation under POI's own ratio guard.
                sheet.append("<row><c t=\"inlineStr\"><is><t>").append((char) ('a' + random.nextInt(16))).append("</t></is></c></row>");
                if (sheet.length() > 1 << 20) {
                    zip.write(sheet.toString().getBytes(StandardCharsets.UTF_8));
                    sheet.setLength(0);
                }
            }
            sheet.append("</sheetData></worksheet>");
            zip.write(sheet.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(zipped.size()).as("smaller than a request may be").isLessThan(1_000_000 * 3 / 4);
        assertThatThrownBy(() -> ScoreSheet.rows(ScoreSheet.Format.XLSX, zipped.toByteArray(), 5_000))
                .isInstanceOfSatisfying(LedgerException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.field()).isEqualTo("content");
                    assertThat(e.getMessage()).contains("a part of the workbook inflates to");
                });
    }

    private static void put(java.util.zip.ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new java.util.zip.ZipEntry(name));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
