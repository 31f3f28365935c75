package org.parledger.command.evidence;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** An upload is what its bytes are (its name is not asked); the default list takes documents and images only. */
class EvidenceTypesTest {
    /** The types taken by default, as the application binds them. */
    private static final List<String> TAKEN = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("parledger.evidence", EvidenceProperties.class).types();

    @Test
    void documentsAndImagesAreKnownByTheirBytes() throws IOException {
        byte[] pdf = "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(EvidenceTypes.of(pdf)).isEqualTo("application/pdf");
        byte[] xlsx;
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.createSheet("Điểm").createRow(0).createCell(0).setCellValue("1.1");
            workbook.write(out);
            xlsx = out.toByteArray();
        }
        assertThat(EvidenceTypes.of(xlsx))
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        byte[] docx;
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText("Báo cáo cải cách hành chính");
            document.write(out);
            docx = out.toByteArray();
        }
        assertThat(EvidenceTypes.of(docx))
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(TAKEN).contains(EvidenceTypes.of(pdf), EvidenceTypes.of(xlsx), EvidenceTypes.of(docx));
        byte[] xls;
        try (HSSFWorkbook workbook = new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.createSheet("Điểm").createRow(0).createCell(0).setCellValue("1.1");
            workbook.write(out);
            xls = out.toByteArray();
        }
        assertThat(EvidenceTypes.of(xls)).isEqualTo("application/vnd.ms-excel");
        assertThat(EvidenceTypes.of(ole2("WordDocument"))).as("Word 97-2003's main stream").isEqualTo("application/msword");
        byte[] odt = zip(List.of("mimetype", "content.xml", "META-INF/manifest.xml"), "application/vnd.oasis.opendocument.text");
        assertThat(EvidenceTypes.of(odt)).isEqualTo("application/vnd.oasis.opendocument.text");
        // OOXML whose first entry is its main part rather than [Content_Types].xml, which Tika's signature looks for.
        byte[] reordered = zip(List.of("word/document.xml", "[Content_Types].xml", "_rels/.rels"), null);
        assertThat(EvidenceTypes.of(reordered)).isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    @Test
    void aNameDoesNotMakeBytesAKeptType() throws IOException {
        byte[] noise = new byte[4000];
        new Random(7).nextBytes(noise);
        noise[0] = 'x'; // not by chance the first bytes of a signature
        assertThat(EvidenceTypes.of(noise)).isEqualTo("application/octet-stream");
        assertThat(TAKEN).doesNotContain(EvidenceTypes.of(noise));
        // Containers: only the entries that make a Word or Excel file make one.
        byte[] plainZip = zip(List.of("a.txt"), null);
        byte[] partsOnly = zip(List.of("[Content_Types].xml", "evil.html"), null);
        byte[] both = zip(List.of("[Content_Types].xml", "word/document.xml", "xl/workbook.xml"), null);
        for (byte[] bytes : List.of(plainZip, partsOnly, both)) {
            assertThat(TAKEN).doesNotContain(EvidenceTypes.of(bytes));
        }
        // A directory of more entries than any document has is not read through (it once took seconds and hundreds of MB).
        List<String> crowd = new java.util.ArrayList<>(List.of("[Content_Types].xml", "word/document.xml"));
        for (int i = 0; i < EvidenceTypes.MOST_ENTRIES; i++) crowd.add(Integer.toHexString(i));
        byte[] crowded = zip(crowd, null);
        assertThat(EvidenceTypes.entryNames(crowded, EvidenceTypes.MOST_ENTRIES)).isNull();
        assertThat(TAKEN).doesNotContain(EvidenceTypes.of(crowded));
        byte[] docx = zip(List.of("[Content_Types].xml", "word/document.xml"), null);
        assertThat(EvidenceTypes.entryNames(docx, 10)).containsExactly("[Content_Types].xml", "word/document.xml");
        byte[] cut = Arrays.copyOf(docx, docx.length - 30); // the directory's end cut off
        assertThat(EvidenceTypes.entryNames(cut, 10)).isNull();
        assertThat(TAKEN).doesNotContain(EvidenceTypes.of(cut));
        byte[] ole2 = ole2("Macros");
        assertThat(TAKEN).doesNotContain(EvidenceTypes.of(ole2));
        byte[] brokenOle2 = Arrays.copyOf(ole2, 520);
        assertThat(TAKEN).doesNotContain(EvidenceTypes.of(brokenOle2));
    }

    /** An OLE2 container holding one stream of this name. */
    private static byte[] ole2(String stream) throws IOException {
        try (POIFSFileSystem container = new POIFSFileSystem(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            container.createDocument(new ByteArrayInputStream(new byte[600]), stream);
            container.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    /** A ZIP of empty entries in this order; the first stored and holding {@code first} when given (OpenDocument's mimetype). */
    private static byte[] zip(List<String> entries, String first) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.size(); i++) {
                ZipEntry entry = new ZipEntry(entries.get(i));
                byte[] content = i == 0 && first != null ? first.getBytes(StandardCharsets.US_ASCII) : "<x/>".getBytes(StandardCharsets.US_ASCII);
                if (i == 0 && first != null) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(content.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void scriptsPagesAndProgramsAreNotTakenWhateverTheirName() {
        byte[] script = "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.US_ASCII);
        byte[] page = "<!doctype html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
        byte[] program = new byte[]{'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};
        for (byte[] bytes : List.of(script, page, program)) {
            assertThat(TAKEN).doesNotContain(EvidenceTypes.of(bytes));
        }
    }
}
