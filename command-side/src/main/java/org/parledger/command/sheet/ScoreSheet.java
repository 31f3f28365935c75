package org.parledger.command.sheet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.util.NumberToTextConverter;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.parledger.api.common.ErrorCode;
import org.parledger.api.common.LedgerException;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The rows of a score sheet as people keep them in Excel or export them as CSV: a header row naming the columns
 * (case does not matter, other columns such as a title or a maximum are ignored), then one row per leaf. Empty rows
 * are skipped; row numbers are the sheet's own (the header is row 1). Cells are read as text, numbers as Excel
 * shows them (15 significant digits), so that a points cell means what the person typed.
 * <p>
 * A workbook is read as a stream (POI's event API), never as a whole: the file arrives in a request of at most a
 * megabyte, but its parts may inflate a hundredfold, and a 966 KB request whose sheet inflated to 62 MB exhausted a
 * 512 MB heap when the workbook was loaded whole (docs/measurements.md, tenth session). Reading stops one row past
 * the most the caller takes; a part that inflates beyond {@link #LARGEST_PART} is refused.
 */
final class ScoreSheet {
    enum Format { CSV, XLSX }

    /**
     * The most any part of a workbook may inflate to. A sheet of 5,000 rows with long explanations is a few
     * megabytes; the shared strings are held in memory while the sheet is read, so this also bounds them.
     */
    static final long LARGEST_PART = 8L * 1024 * 1024;
    /** Columns of the header that are read; Excel's own limit is 16,384. */
    private static final int MOST_COLUMNS = 256;

    static {
        // POI's guard against inflating archives is process-wide; score sheets are the only workbooks this application
        // reads (it writes templates and exports, which the guard does not concern).
        ZipSecureFile.setMaxEntrySize(LARGEST_PART);
    }

    /** One row: its number in the sheet and its cells by lower-case column name (blank cells absent). */
    record SheetRow(int number, Map<String, String> cells) {
        String cell(String column) {
            return cells.get(column);
        }
    }

    private ScoreSheet() {
    }

    /**
     * The non-empty rows after the header, at most {@code most} + 1 of them (one more says the sheet has too many); an
     * unreadable file is INVALID_ARGUMENT (field content).
     */
    static List<SheetRow> rows(Format format, byte[] content, int most) {
        try {
            return format == Format.XLSX ? xlsx(content, most + 1) : csv(content, most + 1);
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException | RuntimeException e) {
            if (e instanceof LedgerException refusal) throw refusal;
            // The first line of the reader's message: POI's go on with advice for developers.
            String message = e.getMessage() == null ? "" : " " + e.getMessage().lines().findFirst().orElse("");
            throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", "the file cannot be read as " + format + ": "
                    + e.getClass().getSimpleName() + message);
        }
    }

    private static List<SheetRow> csv(byte[] content, int limit) throws IOException {
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
                if (rows.size() >= limit) break;
            }
        }
        return rows;
    }

    /** The first sheet, streamed from a temporary file (POI reads a file's parts on demand, a stream's all at once). */
    private static List<SheetRow> xlsx(byte[] content, int limit)
            throws IOException, OpenXML4JException, SAXException, ParserConfigurationException {
        Path file = Files.createTempFile("score-sheet", ".xlsx");
        try {
            Files.write(file, content);
            // What each part says it inflates to, refused in the person's terms; POI's guard still counts what it inflates.
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    if (entry.getSize() > LARGEST_PART) {
                        throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", "a part of the workbook inflates to "
                                + entry.getSize() + " bytes; a score sheet's parts are read up to " + LARGEST_PART);
                    }
                }
            }
            try (OPCPackage workbook = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
                XSSFReader reader = new XSSFReader(workbook);
                Iterator<InputStream> sheets = reader.getSheetsData();
                if (!sheets.hasNext()) throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", "the workbook has no sheet");
                Rows rows = new Rows(limit);
                XMLReader parser = XMLHelper.newXMLReader();
                // The application's own styles, not the file's: every number is then given to AsTyped, which needs no format.
                parser.setContentHandler(new XSSFSheetXMLHandler(new StylesTable(), new ReadOnlySharedStringsTable(workbook),
                        rows, new AsTyped(), false));
                try (InputStream sheet = sheets.next()) {
                    parser.parse(new InputSource(sheet));
                } catch (Rows.Enough enough) {
                    // The caller's limit is passed: the rest is not read.
                }
                return rows.rows;
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A number as Excel shows it in a General cell (15 significant digits), whatever format the cell has. */
    private static final class AsTyped extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            return NumberToTextConverter.toText(value);
        }
    }

    /** The sheet's rows as they stream by: the first non-empty one is the header. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        /** Thrown to stop reading once the limit is reached (SheetContentsHandler's methods declare no exception). */
        static final class Enough extends RuntimeException {
            Enough() {
                super("enough rows", null, false, false);
            }
        }

        private final int limit;
        private final List<SheetRow> rows = new ArrayList<>();
        private List<String> header;
        private final Map<Integer, String> cells = new HashMap<>();

        Rows(int limit) {
            this.limit = limit;
        }

        @Override
        public void startRow(int row) {
            cells.clear();
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            if (reference == null || value == null) return;
            int column = new CellReference(reference).getCol();
            if (column >= 0 && column < MOST_COLUMNS) cells.put(column, value);
        }

        @Override
        public void endRow(int row) {
            if (cells.isEmpty()) return;
            List<String> values = new ArrayList<>();
            int last = cells.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
            for (int c = 0; c <= last; c++) values.add(cells.get(c));
            if (header == null) {
                if (values.stream().allMatch(v -> v == null || v.isBlank())) return;
                header = names(values);
                return;
            }
            add(rows, row + 1, header, values);
            if (rows.size() >= limit) throw new Enough();
        }
    }

    private static void add(List<SheetRow> rows, int number, List<String> header, List<String> values) {
        Map<String, String> cells = new HashMap<>();
        for (int c = 0; c < Math.min(header.size(), values.size()); c++) {
            String value = values.get(c);
            if (header.get(c) != null && value != null && !value.isBlank()) cells.put(header.get(c), value);
        }
        if (!cells.isEmpty()) rows.add(new SheetRow(number, cells));
    }

    /** The columns an import reads; any other column is ignored. */
    static final java.util.Set<String> READ = java.util.Set.of("unit", "code", "points", "document", "section", "page",
            "link", "explanation", "reason");

    /**
     * The header's names, in lower case. A column that is read may be named once only: with two "points" columns the
     * later one was taken, silently, and the person who filled in the other saw figures recorded that they never typed.
     */
    private static List<String> names(List<String> header) {
        List<String> names = header.stream().map(name -> name == null ? null : name.strip().toLowerCase(Locale.ROOT)).toList();
        // One pass, whatever the header's width: a CSV header may have a hundred thousand columns.
        java.util.Map<String, Integer> first = new java.util.HashMap<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            if (name == null || !READ.contains(name)) continue;
            Integer earlier = first.putIfAbsent(name, c);
            if (earlier != null) {
                throw new LedgerException(ErrorCode.INVALID_ARGUMENT, "content", "the header names the column " + name
                        + " twice (columns " + CellReference.convertNumToColString(earlier) + " and "
                        + CellReference.convertNumToColString(c) + "): keep one");
            }
        }
        return names;
    }
}
