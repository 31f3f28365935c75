package org.parledger.command.evidence;

import org.apache.poi.poifs.filesystem.DirectoryNode;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
    /** A Word or Excel file holds tens of parts, a large one a few thousand. */
    static final int MOST_ENTRIES = 10_000;
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

    /** Word and Excel files of Office 2007 on are ZIP containers told apart by their parts. */
    private static String ooxml(byte[] bytes, MediaType found) {
        List<String> names = entryNames(bytes, MOST_ENTRIES);
        if (names == null) return found.toString();
        boolean word = names.contains("word/document.xml");
        boolean sheet = names.contains("xl/workbook.xml");
        if (names.contains("[Content_Types].xml") && word != sheet) return word ? DOCX : XLSX;
        return found.toString();
    }

    /**
     * The names in a ZIP's central directory, read from the bytes where they stand; null when there is no readable
     * directory or it holds more than {@code most} entries. Not a library's reader: Commons Compress's ZipFile builds an
     * object for every entry before it can be asked one, and a 48 MB ZIP of 560,000 empty entries took it 1.8-3.8 s and
     * about 680 MB of memory; an upload is at most 20 MB, but several at once would have held a node's heap.
     */
    static List<String> entryNames(byte[] zip, int most) {
        int end = -1; // the end-of-central-directory record, within its 22 bytes and a comment of up to 65,535
        for (int at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 65_535); at--) {
            if (u32(zip, at) == 0x06054b50L) {
                end = at;
                break;
            }
        }
        if (end < 0) return null;
        int entries = u16(zip, end + 10);
        long directory = u32(zip, end + 16);
        // ZIP64 marks its counts 0xFFFF and its offsets 0xFFFFFFFF: more than any document here, refused with them.
        if (entries > most || directory >= zip.length) return null;
        List<String> names = new ArrayList<>(entries);
        int at = (int) directory;
        for (int n = 0; n < entries; n++) {
            if (at > zip.length - 46 || u32(zip, at) != 0x02014b50L) return null;
            int name = u16(zip, at + 28);
            int extra = u16(zip, at + 30);
            int comment = u16(zip, at + 32);
            if (at + 46 + name > zip.length) return null;
            names.add(new String(zip, at + 46, name, StandardCharsets.ISO_8859_1));
            at += 46 + name + extra + comment;
        }
        return names;
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] bytes, int at) {
        return u16(bytes, at) | (long) u16(bytes, at + 2) << 16;
    }
}
