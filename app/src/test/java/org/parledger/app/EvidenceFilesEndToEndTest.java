package org.parledger.app;

import org.junit.jupiter.api.Test;
import org.parledger.app.config.EmbeddedLedgerDatabase;
import org.parledger.command.evidence.EvidenceProperties;
import org.parledger.command.evidence.EvidenceStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.parledger.app.EvidenceUploads.PDF;
import static org.parledger.app.TestDocuments.*;

/**
 * Evidence files: uploaded over HTTP by the unit's assessor, kept once under their SHA-256, cited by a self-score (whose
 * event records the hash, name, type and size), listed with the leaf's change in the journey and the audit trail, and
 * downloaded, checked against their hash, only by people who read the unit's working figures. Refusals are typed; a file
 * altered in the database behind the application is refused, never served. Its provinces are assessed in 2047, a year no
 * other test ranks.
 */
@LedgerIntegrationTest
class EvidenceFilesEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final byte[] PNG = HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
            + "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082");

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    EmbeddedLedgerDatabase database;
    @Autowired
    EvidenceProperties properties;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void aFileIsUploadedOnceCitedByASelfScoreAndReadBackByThoseWhoMay() throws Exception {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(DEFINE_INDEX_SET, Map.of("document", indexSet("EV-SET").replace("toYear: 2026", "toYear: 2047")));
        for (String unit : List.of("EV-A", "EV-B")) {
            admin.data(REGISTER_UNIT, Map.of("code", unit, "name", "Tỉnh minh chứng " + unit));
            admin.data(OPEN_UNDER, Map.of("unit", unit, "year", 2047, "set", "EV-SET"));
        }
        String assessorA = bearer("assessor-EV-A", "ASSESSOR:EV-A");

        HttpResponse<String> uploaded = upload(assessorA, "EV-A", "../../scans/Quyết định 12.pdf", "application/pdf", PDF);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode file = JSON.readTree(uploaded.body());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF));
        assertThat(file.get("sha256").asString()).isEqualTo(sha256);
        assertThat(file.get("name").asString()).as("no path in a name").isEqualTo("Quyết định 12.pdf");
        assertThat(file.get("mediaType").asString()).isEqualTo("application/pdf");
        assertThat(file.get("size").asLong()).isEqualTo(PDF.length);
        // The same bytes again, under another name and a claimed type: one file, as its bytes say.
        HttpResponse<String> again = upload(assessorA, "EV-A", "ban-sao.pdf", "application/octet-stream", PDF);
        assertThat(JSON.readTree(again.body()).get("sha256").asString()).isEqualTo(sha256);
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_file WHERE sha256 = ?").param(sha256).query(Long.class).single()).isEqualTo(1);
        String png = JSON.readTree(upload(assessorA, "EV-A", "anh.png", "image/png", PNG).body()).get("sha256").asString();

        // Refusals, each typed, none storing anything.
        long files = jdbc.sql("SELECT count(*) FROM evidence_file").query(Long.class).single();
        assertRefused(upload(null, "EV-A", "a.pdf", "application/pdf", PDF), 401, "UNAUTHENTICATED", null);
        assertRefused(upload(bearer("assessor-EV-B", "ASSESSOR:EV-B"), "EV-A", "a.pdf", "application/pdf", PDF), 403, "WRONG_UNIT", null);
        assertRefused(upload(bearer("inspector-ev", "INSPECTOR"), "EV-A", "a.pdf", "application/pdf", PDF), 403, "WRONG_ROLE", null);
        assertRefused(upload(assessorA, "EV-A", "bao-cao.pdf", "application/pdf",
                "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.US_ASCII)), 415, "UNSUPPORTED_MEDIA_TYPE", "body");
        byte[] noise = new byte[4000];
        new java.util.Random(17).nextBytes(noise);
        noise[0] = 'x';
        assertRefused(upload(assessorA, "EV-A", "quyet-dinh.pdf", "application/pdf", noise), 415, "UNSUPPORTED_MEDIA_TYPE", "body");
        assertRefused(upload(assessorA, "EV-A", "bao-cao.pdf", "text/plain", PDF), 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type");
        assertRefused(upload(assessorA, "EV-A", "rong.pdf", "application/pdf", new byte[0]), 400, "INVALID_ARGUMENT", "body");
        assertRefused(upload(assessorA, "EV-A", "x\u0007.pdf", "application/pdf", PDF), 400, "INVALID_ARGUMENT", "name");
        assertRefused(upload(assessorA, "EV-A", null, "application/pdf", PDF), 400, "INVALID_ARGUMENT", "name");
        // One byte too many, streamed (no length given): read up to the limit, then refused.
        byte[] huge = Arrays.copyOf(PDF, 20 * 1024 * 1024 + 1);
        HttpRequest streamed = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/evidence?unit=EV-A&name=lon.pdf"))
                .header("Content-Type", "application/pdf").header("Authorization", assessorA)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build();
        assertRefused(HTTP.send(streamed, HttpResponse.BodyHandlers.ofString()), 413, "REQUEST_TOO_LARGE", "body");
        // A declared length over the limit is refused before a byte of the body is read.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("POST /evidence?unit=EV-A&name=lon.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + assessorA + "\r\nContent-Type: application/pdf\r\nContent-Length: 30000000\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // Read the answer as it comes: the server does not wait for the body it refused (nor does this test).
            socket.setSoTimeout(10_000);
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            for (int n; !answer.toString().contains("REQUEST_TOO_LARGE") && (n = socket.getInputStream().read(buffer)) > 0; ) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413").contains("\"code\":\"REQUEST_TOO_LARGE\"");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_file").query(Long.class).single()).isEqualTo(files);

        // A self-score cites the files by hash; files alone are evidence. A file uploaded for another unit is not.
        GraphQlClient assessor = admin.assessorOf("EV-A");
        JsonNode foreign = assessor.error("""
                mutation($sha: String!) { recordSelfScore(input: {unit: "EV-B", year: 2047, criterion: "1.1", points: 4,
                  evidence: {files: [{sha256: $sha}]}}) { stream } }""", Map.of("sha", sha256));
        assertThat(foreign.at("/extensions/code").asString()).isEqualTo("WRONG_UNIT");
        String uploadedForB = JSON.readTree(upload(bearer("assessor-EV-B", "ASSESSOR:EV-B"), "EV-B", "b.png", "image/png",
                Arrays.copyOf(PNG, PNG.length + 1)).body()).get("sha256").asString();
        JsonNode notHers = assessor.error("""
                mutation($sha: String!) { recordSelfScore(input: {unit: "EV-A", year: 2047, criterion: "1.1", points: 4,
                  evidence: {files: [{sha256: $sha}]}}) { stream } }""", Map.of("sha", uploadedForB));
        assertThat(notHers.at("/extensions/code").asString()).isEqualTo("EVIDENCE_FILE_UNKNOWN");
        assertThat(notHers.at("/extensions/field").asString()).endsWith("evidence.files[0].sha256");
        assessor.data("""
                mutation($pdf: String!, $png: String!) { recordSelfScore(input: {unit: "EV-A", year: 2047, criterion: "1.1",
                  points: 4, evidence: {files: [{sha256: $pdf, name: "QĐ 12/QĐ-UBND.pdf"}, {sha256: $png}]}}) { stream } }""",
                Map.of("pdf", sha256, "png", png));

        GraphQlClient inspector = admin.as("inspector-ev", "INSPECTOR");
        List<String> cited = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            cited.clear();
            inspector.data("""
                    { auditTrail(unit: "EV-A", criterion: "1.1") { edges { node { kind evidence files { sha256 name mediaType size url } } } } }""",
                    Map.of()).at("/auditTrail/edges/0/node/files").forEach(f -> cited.add(f.get("name").asString() + " "
                    + f.get("mediaType").asString() + " " + f.get("size").asLong() + " " + f.get("url").asString()));
            assertThat(cited).hasSize(2);
        });
        assertThat(cited).containsExactly(
                "QĐ 12/QĐ-UBND.pdf application/pdf " + PDF.length + " /evidence/" + sha256 + "?name=Q%C4%90%2012%2FQ%C4%90-UBND.pdf",
                "anh.png image/png " + PNG.length + " /evidence/" + png + "?name=anh.png");
        JsonNode journeyFiles = inspector.data("{ journey(unit: \"EV-A\", year: 2047) { steps { changes { criterion files { sha256 } } } } }",
                Map.of()).at("/journey/steps/0/changes/0/files");
        assertThat(journeyFiles.get(0).get("sha256").asString()).isEqualTo(sha256);
        String evidenceText = inspector.data("{ auditTrail(unit: \"EV-A\", criterion: \"1.1\") { edges { node { evidence } } } }", Map.of())
                .at("/auditTrail/edges/0/node/evidence").asString();
        assertThat(evidenceText).isEqualTo("tệp: QĐ 12/QĐ-UBND.pdf; anh.png");

        // Read back: whoever reads EV-A's working figures, checked against the hash; nobody else, not even to learn it exists.
        String url = "/evidence/" + sha256 + "?name=" + URLEncoder.encode("QĐ 12.pdf", StandardCharsets.UTF_8);
        HttpResponse<byte[]> read = download(bearer("inspector-ev", "INSPECTOR"), url);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(PDF);
        assertThat(read.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(read.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;").contains("UTF-8''Q%C4%90");
        assertThat(read.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox");
        assertThat(download(assessorA, url).statusCode()).isEqualTo(200);
        assertThat(download(null, url).statusCode()).isEqualTo(401);
        assertThat(download(bearer("assessor-EV-B", "ASSESSOR:EV-B"), url).statusCode()).isEqualTo(404);
        assertThat(download(bearer("council-01", "COUNCIL:01"), url).statusCode()).as("another province's council").isEqualTo(404);
        assertThat(download(bearer("council", "COUNCIL"), url).statusCode()).as("the national council").isEqualTo(200);
        assertThat(download(bearer("inspector-ev", "INSPECTOR"), "/evidence/" + "0".repeat(64)).statusCode()).isEqualTo(404);
        assertThat(download(bearer("inspector-ev", "INSPECTOR"), "/evidence/..%2F..%2Fetc%2Fpasswd").statusCode()).isIn(400, 404);
        // What is not a SHA-256 is refused as such (it was a 404 that echoed the whole path back); a name given for the
        // download is held to a recorded name's rules, a decision's number with its slash kept whole.
        for (String notAHash : List.of("f".repeat(3_000), sha256.toUpperCase(java.util.Locale.ROOT), sha256.substring(1) + "g")) {
            HttpResponse<byte[]> refused = download(bearer("inspector-ev", "INSPECTOR"), "/evidence/" + notAHash);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).at("/field").asString()).isEqualTo("sha256");
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).doesNotContain(notAHash);
        }
        for (String spoof : List.of("%E2%80%AEfdp.exe", "a%07b.pdf", "x".repeat(256) + ".pdf")) {
            HttpResponse<byte[]> refused = download(bearer("inspector-ev", "INSPECTOR"), "/evidence/" + sha256 + "?name=" + spoof);
            assertThat(refused.statusCode()).as(spoof).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).at("/field").asString()).isEqualTo("name");
        }
        assertThat(download(bearer("inspector-ev", "INSPECTOR"), "/evidence/" + sha256 + "?name=Q%C4%90%2012%2FQ%C4%90-UBND.pdf")
                .headers().firstValue("Content-Disposition").orElseThrow()).contains("UTF-8''Q%C4%90%2012_Q%C4%90-UBND.pdf");

        // The application's role cannot change a kept file; a superuser who does is caught at the next read.
        assertThatThrownBy(() -> jdbc.sql("UPDATE evidence_file SET media_type = 'text/plain' WHERE sha256 = ?").param(png).update())
                .hasMessageContaining("evidence_file");
        asSuperuserWithTriggersOff("UPDATE evidence_file SET content = ? WHERE sha256 = ?", Arrays.copyOf(PNG, PNG.length + 2), png);
        HttpResponse<byte[]> altered = download(bearer("inspector-ev", "INSPECTOR"), "/evidence/" + png);
        assertThat(altered.statusCode()).isEqualTo(500);
        assertThat(new String(altered.body(), StandardCharsets.UTF_8)).contains("\"code\":\"INTEGRITY_VIOLATION\"");
        assertThat(evidenceProblems(inspector)).contains(png + " ALTERED").noneMatch(p -> p.startsWith(sha256));
        asSuperuserWithTriggersOff("UPDATE evidence_file SET content = ? WHERE sha256 = ?", PNG, png);
        assertThat(download(bearer("inspector-ev", "INSPECTOR"), "/evidence/" + png).body()).isEqualTo(PNG);
        assertThat(evidenceProblems(inspector)).noneMatch(p -> p.startsWith(png));
        // A cited file removed behind the application's back is found by the inspectors' check.
        asSuperuserWithTriggersOff("DELETE FROM evidence_upload WHERE sha256 = ?", png);
        asSuperuserWithTriggersOff("DELETE FROM evidence_file WHERE sha256 = ?", png);
        assertThat(evidenceProblems(inspector)).contains(png + " NOT_KEPT");
        JsonNode refused = admin.as("assessor-x", "ASSESSOR", "EV-A").error("{ verifyEvidence { intact } }", Map.of());
        assertThat(refused.at("/extensions/code").asString()).isEqualTo("WRONG_ROLE");
    }

    @Test
    void inADirectoryTheBytesLieUnderTheirHashAndAreCheckedAtEveryRead(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        EvidenceStore store = new EvidenceStore(jdbc, new EvidenceProperties(properties.maxSize(), directory, properties.types(), properties.inFlight(), properties.inFlightWait(), properties.rateLimit(), properties.uploadsPerPerson()),
                transactions);
        byte[] scan = Arrays.copyOf(PDF, PDF.length + 7);
        EvidenceStore.Stored stored = store.store(new java.io.ByteArrayInputStream(scan), "bien-ban.pdf",
                new org.parledger.api.unit.UnitCode("EV-DIR"), "assessor-EV-DIR");
        java.nio.file.Path kept = directory.resolve(stored.sha256().substring(0, 2)).resolve(stored.sha256());
        assertThat(java.nio.file.Files.readAllBytes(kept)).isEqualTo(scan);
        assertThat(jdbc.sql("SELECT content IS NULL FROM evidence_file WHERE sha256 = ?").param(stored.sha256())
                .query(Boolean.class).single()).as("the database keeps what the file is, the directory its bytes").isTrue();
        assertThat(store.read(stored.sha256()).orElseThrow().bytes()).isEqualTo(scan);
        assertThat(store.uploadedFor(stored.sha256(), new org.parledger.api.unit.UnitCode("EV-DIR")).orElseThrow().name())
                .isEqualTo("bien-ban.pdf");
        assertThat(store.uploadedFor(stored.sha256(), new org.parledger.api.unit.UnitCode("EV-A"))).isEmpty();

        java.nio.file.Files.write(kept, Arrays.copyOf(scan, scan.length + 1));
        assertThatThrownBy(() -> store.read(stored.sha256())).isInstanceOfSatisfying(org.parledger.api.common.LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(org.parledger.api.common.ErrorCode.INTEGRITY_VIOLATION));
        java.nio.file.Files.delete(kept);
        assertThatThrownBy(() -> store.read(stored.sha256())).isInstanceOfSatisfying(org.parledger.api.common.LedgerException.class,
                e -> assertThat(e.code()).isEqualTo(org.parledger.api.common.ErrorCode.INTEGRITY_VIOLATION));
        assertThat(java.nio.file.Files.list(kept.getParent()).toList()).as("no partial files left behind").isEmpty();
    }

    @Test
    void thirtyTwoClientsUploadingAtOnceKeepEachFileOnce() throws Exception {
        GraphQlClient admin = GraphQlClient.admin(port);
        admin.data(REGISTER_UNIT, Map.of("code", "EV-C", "name", "Tỉnh minh chứng EV-C"));
        // 32 clients of four assessors (eight each, as many uploads as one person may have in progress at once), each
        // sending one of four files (eight times each) under its own name, all at once.
        List<String> assessors = new ArrayList<>();
        for (int i = 0; i < 4; i++) assessors.add(bearer("assessor-EV-C-" + i, "ASSESSOR:EV-C"));
        List<byte[]> scans = new ArrayList<>();
        for (int i = 0; i < 4; i++) scans.add(Arrays.copyOf(PDF, PDF.length + 1000 + i));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int client = i;
            answers.add(pool.submit(() -> {
                start.await();
                return upload(assessors.get(client / 8), "EV-C", "ban-" + client + ".pdf", "application/pdf", scans.get(client % 4));
            }));
        }
        long began = System.nanoTime();
        start.countDown();
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (var answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            keys.add(JSON.readTree(response.body()).get("sha256").asString());
        }
        System.out.printf("evidence: 32 concurrent uploads (4 files) answered in %.0f ms%n", (System.nanoTime() - began) / 1e6);
        pool.shutdown();
        assertThat(keys).hasSize(4);
        for (String key : keys) {
            assertThat(jdbc.sql("SELECT count(*) FROM evidence_file WHERE sha256 = ?").param(key).query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM evidence_upload WHERE sha256 = ? AND unit_code = 'EV-C'").param(key)
                    .query(Long.class).single()).as("one upload row per name").isEqualTo(8);
        }
    }

    /**
     * What one person uploads within a period is bounded (1 MB a day in the tests' shared context): kept files are never
     * deleted, so an account uploading without end would fill the ledger's disk for good. Past it the upload is refused
     * 429 RATE_LIMITED on its body, with when to retry, and nothing is kept; another person of the same unit uploads as
     * before.
     */
    @Test
    void aPersonsUploadsWithinADayAreBounded() throws Exception {
        GraphQlClient.admin(port).data(REGISTER_UNIT, Map.of("code", "EV-R", "name", "Tỉnh minh chứng EV-R"));
        String first = bearer("assessor-EV-R-1", "ASSESSOR:EV-R");
        List<byte[]> scans = new ArrayList<>();
        for (int i = 0; i < 3; i++) scans.add(Arrays.copyOf(PDF, 400_000 + i));
        assertThat(upload(first, "EV-R", "a.pdf", "application/pdf", scans.get(0)).statusCode()).isEqualTo(201);
        assertThat(upload(first, "EV-R", "b.pdf", "application/pdf", scans.get(1)).statusCode()).isEqualTo(201);

        HttpResponse<String> third = upload(first, "EV-R", "c.pdf", "application/pdf", scans.get(2));
        assertRefused(third, 429, "RATE_LIMITED", "body");
        long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).as("when the first upload leaves the day").isBetween(86_000L, 86_401L);
        assertThat(JSON.readTree(third.body()).get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(scans.get(2)));
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_file WHERE sha256 = ?").param(sha256).query(Long.class).single())
                .as("nothing kept").isZero();

        HttpResponse<String> other = upload(bearer("assessor-EV-R-2", "ASSESSOR:EV-R"), "EV-R", "c.pdf", "application/pdf",
                scans.get(2));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
    }

    private static List<String> evidenceProblems(GraphQlClient inspector) {
        List<String> problems = new ArrayList<>();
        JsonNode check = inspector.data("{ verifyEvidence { intact files bytes cited problems { sha256 problem } } }", Map.of())
                .get("verifyEvidence");
        assertThat(check.get("files").asInt()).isPositive();
        assertThat(check.get("cited").asInt()).isPositive();
        check.get("problems").forEach(p -> problems.add(p.get("sha256").asString() + " " + p.get("problem").asString()));
        assertThat(check.get("intact").asBoolean()).isEqualTo(problems.isEmpty());
        return problems;
    }

    private static String bearer(String user, String... grants) {
        return "Bearer " + TestIssuer.INSTANCE.token(user, List.of(grants));
    }

    private HttpResponse<String> upload(String authorization, String unit, String name, String type, byte[] body)
            throws IOException, InterruptedException {
        return EvidenceUploads.upload(port, authorization, unit, name, type, body);
    }

    private HttpResponse<byte[]> download(String authorization, String path) throws IOException, InterruptedException {
        return EvidenceUploads.download(port, authorization, path);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code, String field) {
        GraphQlClient.assertHttpRefusal(response, status, code, field);
    }

    private void asSuperuserWithTriggersOff(String sql, Object... parameters) throws Exception {
        try (Connection connection = database.connections(EmbeddedLedgerDatabase.SUPERUSER).getConnection()) {
            try (Statement off = connection.createStatement()) {
                off.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) statement.setObject(i + 1, parameters[i]);
                statement.executeUpdate();
            }
        }
    }
}
