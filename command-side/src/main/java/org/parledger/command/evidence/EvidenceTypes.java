package org.parledger.command.evidence;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

import java.io.ByteArrayInputStream;
import java.util.Collections;

/**
 * What an uploaded file is, from its bytes alone. Tika's signatures decide; a container they find (OLE2 or ZIP) is a Word
 * or Excel file only when its entries say so. Tika asked with the file's name lets the name decide whenever no signature
 * matches (4,000 random bytes named .pdf were kept as application/pdf) and lets it override one (an OpenDocument text
 * named .docx was kept as Word), so the name is not asked.
 */
final class EvidenceTypes {
    static final String WORD = "application/msword";
    static final String EXCEL = "application/vnd.ms-excel";
    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final MediaType OLE2 = MediaType.application("x-tika-msoffice");
    private static final MediaType ZIP = MediaType.application("zip");
    private static final MediaType OOXML = MediaType.application("x-tika-ooxml");
    private static final Tika TIKA = new Tika();
    private static final MediaTypeRegistry REGISTRY = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();

    private EvidenceTypes() {
    }

    /** The media type of these bytes; application/octet-stream when no signature knows them. */
    static String of(byte[] bytes) {
        MediaType found = MediaType.parse(TIKA.detect(bytes));
        if (found.equals(OLE2) || REGISTRY.isSpecializationOf(found, OLE2)) return ole2(bytes, found);
        // A plain ZIP may still be OOXML whose first entry Tika's signature does not look for.
        if (found.equals(ZIP) || found.equals(OOXML) || REGISTRY.isSpecializationOf(found, OOXML)) return ooxml(bytes, found);
        return found.toString();
    }

    /** Word and Excel 97-2003 files are OLE2 containers told apart by their main stream. */
    private static String ole2(byte[] bytes, MediaType found) {
        try (POIFSFileSystem container = new POIFSFileSystem(new ByteArrayInputStream(bytes))) {
            DirectoryNode root = container.getRoot();
            if (root.hasEntry("WordDocument")) return WORD;
            if (root.hasEntry("Workbook") || root.hasEntry("Book")) return EXCEL;
        } catch (Exception notAContainer) {
            // A signature that promises a container whose directory cannot be read is not a document either.
        }
        return found.toString();
    }

    /** Word and Excel files of Office 2007 on are ZIP containers told apart by their parts (the central directory only: nothing is inflated). */
    private static String ooxml(byte[] bytes, MediaType found) {
        try (ZipFile container = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(bytes)).get()) {
            boolean parts = false;
            boolean word = false;
            boolean sheet = false;
            for (ZipArchiveEntry entry : Collections.list(container.getEntries())) {
                parts |= entry.getName().equals("[Content_Types].xml");
                word |= entry.getName().equals("word/document.xml");
                sheet |= entry.getName().equals("xl/workbook.xml");
            }
            if (parts && word != sheet) return word ? DOCX : XLSX;
        } catch (Exception notAContainer) {
            // As above.
        }
        return found.toString();
    }
}
