package org.parledger.command.evidence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Evidence files (tài liệu kiểm chứng) kept by the ledger.
 *
 * @param maxSize   the largest file taken (a larger upload is REQUEST_TOO_LARGE)
 * @param directory where the files' bytes are kept, under their SHA-256; none: in PostgreSQL (table evidence_file)
 * @param types     the media types taken, judged from the file's bytes (an upload of any other is UNSUPPORTED_MEDIA_TYPE)
 * @param inFlight  the bytes of evidence files a node holds at once, uploads and downloads together (a file is held
 *                  whole while it is hashed, checked and stored or sent); a request beyond it waits
 * @param inFlightWait how long a request waits for room before it is answered UNAVAILABLE with a Retry-After
 * @param rateLimit what one person may upload
 * @param uploadsPerPerson uploads one person may have in progress on a node at once (RATE_LIMITED beyond it; 0: no
 *                  bound): an upload is read on a request thread, and one account sending its files slowly could
 *                  otherwise hold every thread the node has
 */
@ConfigurationProperties("parledger.evidence")
public record EvidenceProperties(@DefaultValue("20MB") DataSize maxSize, Path directory,
                                 @DefaultValue({"application/pdf", "image/png", "image/jpeg", "image/tiff", "image/webp",
                                         "application/msword", "application/vnd.ms-excel",
                                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                         "application/vnd.oasis.opendocument.text",
                                         "application/vnd.oasis.opendocument.spreadsheet"}) List<String> types,
                                 @DefaultValue("64MB") DataSize inFlight, @DefaultValue("10s") Duration inFlightWait,
                                 @DefaultValue RateLimit rateLimit, @DefaultValue("8") int uploadsPerPerson) {
    public EvidenceProperties {
        types = List.copyOf(types);
    }

    /**
     * The bytes one person may upload within a sliding period, counted from the uploads the database keeps (so on every
     * node and across restarts). Kept files are never deleted: unbounded, one account could fill the ledger's disk for
     * good. A bytes of 0 lifts the limit.
     */
    public record RateLimit(@DefaultValue("2GB") DataSize bytes, @DefaultValue("1d") Duration per) {
    }
}
