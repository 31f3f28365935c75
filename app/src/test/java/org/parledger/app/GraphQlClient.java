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

/** Sends GraphQL documents over real HTTP, the way any client would. */
final class GraphQlClient {
    // Decimals are exact on the wire; read them as such, never through a double.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;
    private final Map<String, String> headers = new LinkedHashMap<>();

    GraphQlClient(int port) {
        this.endpoint = URI.create("http://localhost:" + port + "/graphql");
    }

    GraphQlClient as(String user, String role) {
        return as(user, role, null);
    }

    /** A client acting as this person; scope is the unit of an assessor or the agency of an appraiser. */
    GraphQlClient as(String user, String role, String scope) {
        GraphQlClient client = new GraphQlClient(endpoint.getPort());
        client.headers.put("X-Actor", user);
        client.headers.put("X-Actor-Role", role);
        if (scope != null) client.headers.put("X-Actor-Scope", scope);
        return client;
    }

    GraphQlClient assessorOf(String unit) {
        return as("assessor-" + unit, "ASSESSOR", unit);
    }

    JsonNode execute(String document, Map<String, Object> variables) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            JSON.writeValueAsString(Map.of("query", document, "variables", variables))));
            headers.forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
