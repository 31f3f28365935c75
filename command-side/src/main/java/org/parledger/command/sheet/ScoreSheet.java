package org.parledger.command.sheet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a score sheet as people keep them in Excel or export them as CSV: a header row naming the columns
 * (case does not matter, other columns such as a title or a maximum are ignored), then one row per leaf. Empty rows
 * are skipped; row numbers are the sheet's own (the header is row 1). Cells are read as text, numbers as Excel
 * shows them (15 significant digits), so that a points cell means what the person typed.
 */
final class ScoreSheet {
    enum Format { CSV, XLSX }

    /** One row: its number in the sheet and its cells by lower-case column name (blank cells absent). */
    record SheetRow(int number, Map<String, String> cells) {
        String cell(String column) {
            return cells.get(column);
        }
    }

    private ScoreSheet() {
    }

    /** Every non-empty row after the header; an unreadable file is INVALID_ARGUMENT (field content). */
    static List<SheetRow> rows(Format format, byte[] content) {
        try {
            return format == Format.XLSX ? xlsx(content) : csv(content);
        } catch (IOException | RuntimeException e) {
            if (e instanceof LedgerException refusal) throw refusal;
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", "the file cannot be read as " + format + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static List<SheetRow> csv(byte[] content) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", "a CSV file is read as UTF-8, and this one is not");
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        List<SheetRow> rows = new ArrayList<>();
        // Empty lines are kept as records so that each record's number is the row a spreadsheet shows it on.
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(false).get()
                .parse(new StringReader(text))) {
            List<String> header = null;
            for (CSVRecord record : parser) {
                List<String> values = record.toList();
                if (header == null) {
                    header = names(values);
                    continue;
                }
                add(rows, (int) record.getRecordNumber(), header, values);
            }
        }
        return rows;
    }

    private static List<SheetRow> xlsx(byte[] content) throws IOException {
        List<SheetRow> rows = new ArrayList<>();
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(content))) {
            Sheet sheet = workbook.getSheetAt(0);
            List<String> header = null;
            for (Row row : sheet) {
                List<String> values = new ArrayList<>();
                for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) values.add(text(row.getCell(c)));
                if (header == null) {
                    if (values.stream().allMatch(v -> v == null || v.isBlank())) continue;
                    header = names(values);
                    continue;
                }
                add(rows, row.getRowNum() + 1, header, values);
            }
        }
        return rows;
    }

    private static void add(List<SheetRow> rows, int number, List<String> header, List<String> values) {
        Map<String, String> cells = new HashMap<>();
        for (int c = 0; c < Math.min(header.size(), values.size()); c++) {
            String value = values.get(c);
            if (header.get(c) != null && value != null && !value.isBlank()) cells.put(header.get(c), value);
        }
        if (!cells.isEmpty()) rows.add(new SheetRow(number, cells));
    }

    private static List<String> names(List<String> header) {
        return header.stream().map(name -> name == null ? null : name.strip().toLowerCase(Locale.ROOT)).toList();
    }

    /** A cell as the person sees it: text as typed, a number as Excel shows it, a formula by its last value. */
    private static String text(Cell cell) {
        if (cell == null) return null;
        CellType type = cell.getCellType() == CellType.FORMULA ? cell.getCachedFormulaResultType() : cell.getCellType();
        return switch (type) {
            case STRING -> cell.getStringCellValue();
            case NUMERIC -> NumberToTextConverter.toText(cell.getNumericCellValue());
            case BOOLEAN -> String.valueOf(cell.getBooleanCellValue());
            default -> null;
        };
    }
}
