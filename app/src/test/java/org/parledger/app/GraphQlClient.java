package org.parledger.app;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends GraphQL documents over real HTTP, the way any client would: anonymously, or signed in with a bearer
 * token from the tests' identity provider ({@link TestIssuer}) or with Basic credentials.
 */
final class GraphQlClient {
    // Decimals are exact on the wire; read them as such, never through a double.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();

    /** An anonymous client. */
    GraphQlClient(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/graphql");
    }

    /** An admin, signed in with a bearer token. */
    static GraphQlClient admin(int port) {
        return new GraphQlClient(port).as("local-admin", "ADMIN");
    }

    GraphQlClient as(String user, String role) {
        return as(user, role, null);
    }

    /** A client signed in as this person with one grant; scope is the unit of an assessor or the agency of an appraiser. */
    GraphQlClient as(String user, String role, String scope) {
        return withGrants(user, scope == null ? role : role + ":" + scope);
    }

    /** A client signed in with a bearer token for this subject holding these grants (e.g. "ASSESSOR:22"). */
    GraphQlClient withGrants(String user, String... grants) {
        return withAuthorization("Bearer " + TestIssuer.INSTANCE.token(user, java.util.List.of(grants)));
    }

    /** A client sending this Authorization header, e.g. "Basic ..." or a forged "Bearer ...". */
    GraphQlClient withAuthorization(String authorization) {
        GraphQlClient client = new GraphQlClient(endpoint.getPort());
        client.headers.putAll(headers);
        client.headers.put("Authorization", authorization);
        return client;
    }

    /** The Authorization header this client sends (null when anonymous), for requests outside GraphQL. */
    String authorization() {
        return headers.get("Authorization");
    }

    /** A client with one more header (e.g. one that tries to choose the actor). */
    GraphQlClient withHeader(String name, String value) {
        GraphQlClient client = new GraphQlClient(endpoint.getPort());
        client.headers.putAll(headers);
        client.headers.put(name, value);
        return client;
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The HTTP status and body, for requests that are refused before GraphQL (401). */
    HttpResponse<String> send(String document, Map<String, Object> variables) {
        return exchange(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", document, "variables", variables)))));
    }

    /** The request with this client's headers (in place of the request's own of the same name), sent; its status and body. */
    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        headers.forEach(request::setHeader);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The document as a GET request ({@code ?query=…&variables=…}, URL-encoded; no variables when null), with more
     * headers as name-value pairs (e.g. If-None-Match).
     */
    HttpResponse<String> get(String document, Map<String, Object> variables, String... moreHeaders) {
        String query = "query=" + java.net.URLEncoder.encode(document, java.nio.charset.StandardCharsets.UTF_8);
        if (variables != null) {
            query += "&variables=" + java.net.URLEncoder.encode(JSON.writeValueAsString(variables), java.nio.charset.StandardCharsets.UTF_8);
        }
        return getWith(query, moreHeaders);
    }

    /** A GET request with this query string as it is (hostile ones included). */
    HttpResponse<String> getWith(String queryString, String... moreHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + "?" + queryString)).GET();
        for (int i = 0; i < moreHeaders.length; i += 2) request.header(moreHeaders[i], moreHeaders[i + 1]);
        return exchange(request);
    }

    /** A request to the endpoint (with this query string, if given) by another method, with this body (none: null). */
    HttpResponse<String> exchangeWith(String method, String body, String... queryString) {
        URI uri = queryString.length == 0 ? endpoint : URI.create(endpoint + queryString[0]);
        return exchange(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A GET of a path this server does not have, with this client's headers. */
    HttpResponse<String> getNowhere() {
        return getPath("/no-such-path");
    }

    /** A GET of another path of this server (with its query string, as it is), with this client's headers. */
    HttpResponse<String> getPath(String pathAndQuery) {
        return exchange(HttpRequest.newBuilder(endpoint.resolve(pathAndQuery)).GET());
    }

    /**
     * Asserts a refusal outside GraphQL in the application's one shape, whoever refused (its filters and controllers,
     * Spring's error answer, Tomcat): JSON with the HTTP status, the code, a message, and the field when one is named.
     */
    static JsonNode assertHttpRefusal(HttpResponse<String> response, int status, String code, String field) {
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Type")).as(response.body())
                .hasValueSatisfying(type -> org.assertj.core.api.Assertions.assertThat(type).startsWith("application/json"));
        JsonNode body = json(response.body());
        org.assertj.core.api.Assertions.assertThat(body.at("/status").asInt()).as(response.body()).isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(body.at("/code").asString()).as(response.body()).isEqualTo(code);
        org.assertj.core.api.Assertions.assertThat(body.at("/message").asString("")).as(response.body()).isNotBlank();
        if (field != null) org.assertj.core.api.Assertions.assertThat(body.at("/field").asString()).as(response.body()).isEqualTo(field);
        return body;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    GraphQlClient assessorOf(String unit) {
        return as("assessor-" + unit, "ASSESSOR", unit);
    }

    JsonNode execute(String document, Map<String, Object> variables) {
        HttpResponse<String> response = send(document, variables);
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body() + " "
                    + response.headers().allValues("WWW-Authenticate"));
        }
        return JSON.readTree(response.body());
    }

    /** Executes and requires success; returns the data. */
    JsonNode data(String document, Map<String, Object> variables) {
        JsonNode answer = execute(document, variables);
        if (answer.has("errors")) throw new AssertionError("unexpected errors: " + answer.get("errors"));
        return answer.get("data");
    }

    /** Executes and requires exactly one error; returns it. */
    JsonNode error(String document, Map<String, Object> variables) {
        JsonNode answer = execute(document, variables);
        JsonNode errors = answer.get("errors");
        if (errors == null || errors.size() != 1) throw new AssertionError("expected one error, got: " + answer);
        return errors.get(0);
    }
}
