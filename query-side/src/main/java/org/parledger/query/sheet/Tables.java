package org.parledger.query.sheet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.parledger.api.assessment.EvidenceFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table to download, as CSV or XLSX. The first row is the header; a cell is a String, a BigDecimal, an Integer, a
 * Long, a Boolean, an Instant or null (empty). CSV is UTF-8 with a byte-order mark (so that Excel reads Vietnamese
 * text), text that a spreadsheet would run as a formula marked as text ({@link #asText}); XLSX has typed cells: numbers
 * as numbers (two decimals shown where the value has two), instants as date-times in UTC, booleans as booleans.
 */
public record Tables(List<List<Object>> rows) {
    public enum Format { CSV, XLSX }

    /** Every row as wide as the header (a CSV row of fewer cells confuses the tools that read it). */
    public Tables {
        int width = rows.isEmpty() ? 0 : rows.get(0).size();
        rows = rows.stream().map(row -> {
            if (row.size() >= width) return row;
            List<Object> padded = new java.util.ArrayList<>(row);
            while (padded.size() < width) padded.add(null);
            return padded;
        }).toList();
    }

    /** As published: two decimals, half up. */
    public static BigDecimal rounded(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.HALF_UP);
    }

    /** A cell naming evidence files: "name (sha256 …)", separated by "; "; null for none. */
    public static String files(List<EvidenceFile> files) {
        return files.isEmpty() ? null : files.stream().map(f -> f.name() + " (sha256 " + f.sha256() + ")")
                .collect(Collectors.joining("; "));
    }

    /** The CSV text, or the XLSX workbook in base64 (one sheet of the given name, the first columns frozen). */
    public String as(Format format, String sheetName, int frozenColumns) {
        return format == Format.CSV ? csv() : Base64.getEncoder().encodeToString(xlsx(sheetName, frozenColumns));
    }

    String csv() {
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            for (List<Object> row : rows) {
                printer.printRecord(row.stream().map(cell -> cell instanceof BigDecimal d ? d.toPlainString() : asText(cell)).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Text that a spreadsheet opening the CSV would take for a formula (=, +, -, @, a tab or a carriage return first:
     * OWASP's "CSV injection") is kept as text with a leading apostrophe, the mark Excel itself gives text. Reasons,
     * explanations, file and unit names are typed by people: "=HYPERLINK(…)" in an appraiser's reason ran as a link in
     * the inspector's Excel. A number is never marked (a change of -0.50 stays -0.50, as a value or as text); XLSX cells
     * are typed text and need no mark.
     */
    static Object asText(Object cell) {
        if (cell instanceof String text && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0
                && !PLAIN_NUMBER.matcher(text).matches()) {
            return "'" + text;
        }
        return cell;
    }

    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    byte[] xlsx(String sheetName, int frozenColumns) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            // Sheet names: at most 31 characters, none of : \ / ? * [ ]
            Sheet sheet = workbook.createSheet(sheetName.replaceAll("[:\\\\/?*\\[\\]]", " ")
                    .substring(0, Math.min(31, sheetName.length())));
            CellStyle bold = Workbooks.header(workbook);
            CellStyle twoDecimals = workbook.createCellStyle();
            twoDecimals.setDataFormat(workbook.createDataFormat().getFormat("0.00"));
            CellStyle dateTime = workbook.createCellStyle();
            dateTime.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                List<Object> cells = rows.get(r);
                for (int c = 0; c < cells.size(); c++) {
                    Object value = cells.get(c);
                    if (value == null) continue;
                    Cell cell = row.createCell(c);
                    if (value instanceof BigDecimal d) {
                        cell.setCellValue(d.doubleValue());
                        if (d.scale() == 2) cell.setCellStyle(twoDecimals);
                    } else if (value instanceof Integer i) {
                        cell.setCellValue(i);
                    } else if (value instanceof Long l) {
                        cell.setCellValue(l);
                    } else if (value instanceof Boolean b) {
                        cell.setCellValue(b);
                    } else if (value instanceof Instant at) {
                        cell.setCellValue(at.atOffset(ZoneOffset.UTC).toLocalDateTime());
                        cell.setCellStyle(dateTime);
                    } else {
                        cell.setCellValue(value.toString());
                        if (r == 0) cell.setCellStyle(bold);
                    }
                }
            }
            if (!rows.isEmpty()) sheet.createFreezePane(frozenColumns, 1);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
