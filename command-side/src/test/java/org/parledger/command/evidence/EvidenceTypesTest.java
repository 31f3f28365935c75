package org.parledger.command.evidence;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An upload is what its bytes are, whatever its name claims; the default list takes documents and images only. */
class EvidenceTypesTest {
    /** The types taken by default, as the application binds them. */
    private static final List<String> TAKEN = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("parledger.evidence", EvidenceProperties.class).types();

    @Test
    void documentsAndImagesAreKnownByTheirBytes() throws IOException {
        byte[] pdf = "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(EvidenceStore.type(pdf, "quyet-dinh.pdf")).isEqualTo("application/pdf");
        assertThat(EvidenceStore.type(pdf, "anh.png")).as("the bytes, not the name").isEqualTo("application/pdf");
        byte[] xlsx;
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.createSheet("Điểm").createRow(0).createCell(0).setCellValue("1.1");
            workbook.write(out);
            xlsx = out.toByteArray();
        }
        assertThat(EvidenceStore.type(xlsx, "bang-diem.xlsx"))
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        byte[] docx;
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.createParagraph().createRun().setText("Báo cáo cải cách hành chính");
            document.write(out);
            docx = out.toByteArray();
        }
        assertThat(EvidenceStore.type(docx, "bao-cao.docx"))
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(TAKEN).contains(EvidenceStore.type(pdf, "x.pdf"), EvidenceStore.type(xlsx, "x.xlsx"), EvidenceStore.type(docx, "x.docx"));
    }

    @Test
    void scriptsPagesAndProgramsAreNotTakenWhateverTheirName() {
        byte[] script = "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.US_ASCII);
        byte[] page = "<!doctype html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
        byte[] program = new byte[]{'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};
        for (byte[] bytes : List.of(script, page, program)) {
            assertThat(TAKEN).doesNotContain(EvidenceStore.type(bytes, "quyet-dinh.pdf"));
        }
    }
}
