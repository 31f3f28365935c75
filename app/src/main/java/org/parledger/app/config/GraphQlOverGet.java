package org.parledger.app.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.language.OperationDefinition;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.parledger.api.common.ErrorCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.webmvc.GraphQlHttpHandler;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.AlternativeJdkIdGenerator;
import org.springframework.util.IdGenerator;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Queries over GET, as the GraphQL over HTTP specification describes them ({@code /graphql?query=…&variables=…&operationName=…}),
 * answered with an ETag so that a reader who asks again sends {@code If-None-Match} and, while the answer is unchanged,
 * gets 304 with no body: a data desk polling the rankings on publication day costs the server and the network little.
 * <p>
 * Only queries: a mutation or a subscription sent with GET is answered 405 (Allow: POST) and never executed, so that
 * no link, image or prefetch can change the ledger. Everything else is the POST path's: the same interceptors
 * (sign-in, limits, kept answers), the same answers, the same refusals. The ETag is a hash of what the answer says:
 * made once per kept answer ({@link KeptAnswers}), otherwise by Spring's {@link ShallowEtagHeaderFilter} from the
 * answer's bytes, so it is exactly as fresh as the answer (hashing a 37 KB ranking for every request cost more than
 * answering it from the kept answer: docs/measurements.md). Anonymous answers are {@code Cache-Control: private,
 * no-cache}: kept only by the reader's own client, and asked for again every time; a signed-in person's keep Spring
 * Security's {@code no-store}.
 * A document longer than a URL may be (Tomcat's request-header bound, 8 KB by default) is refused by Tomcat with 400
 * before the application sees it: such documents are sent with POST.
 */
@Configuration(proxyBeanMethods = false)
class GraphQlOverGet {
    static final String PATH = "/graphql";
    private static final String METHODS = "GET, HEAD, POST, OPTIONS";

    /**
     * Ahead of Boot's mapping of /graphql, which answers GET with 405 and other methods with 404: GET and HEAD (the
     * same answer's headers) are queries; PUT, PATCH and DELETE are answered 405 naming the methods there are, and
     * OPTIONS 204 naming them (no CORS is configured: a foreign page's preflight gets no Access-Control-Allow-Origin).
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> graphQlGetRouterFunction(WebGraphQlHandler graphQl, ObjectProvider<JsonMapper> json,
                                                            ObjectProvider<GraphQlHttpHandler> posts) {
        Handler handler = new Handler(graphQl, json.getIfAvailable(() -> JsonMapper.builder().build()));
        // Boot's handler for POST, found once (not per request): this router answers ahead of Boot's.
        java.util.function.Supplier<GraphQlHttpHandler> boot = org.springframework.util.function.SingletonSupplier.of(
                () -> posts.getIfAvailable(() -> handler));
        return RouterFunctions.route(RequestPredicates.path(PATH).and(RequestPredicates.methods(HttpMethod.GET, HttpMethod.HEAD)),
                        handler::handleGet)
                .andRoute(RequestPredicates.path(PATH).and(RequestPredicates.methods(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)),
                        request -> ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, METHODS)
                                .contentType(MediaType.APPLICATION_JSON)
                                .body(Handler.errors("method", "/graphql answers GET (queries) and POST")))
                .andRoute(RequestPredicates.path(PATH).and(RequestPredicates.method(HttpMethod.OPTIONS)),
                        request -> ServerResponse.noContent().header(HttpHeaders.ALLOW, METHODS).build())
                .andRoute(RequestPredicates.path(PATH).and(RequestPredicates.method(HttpMethod.POST)).and(request -> !sendsJson(request)),
                        request -> ServerResponse.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).header(HttpHeaders.ACCEPT, "application/json")
                                .contentType(MediaType.APPLICATION_JSON).body(RequestBodyGuard.refusal(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                                        "Content-Type", "a POST to /graphql sends its request as JSON (Content-Type: application/json)")))
                .andRoute(RequestPredicates.path(PATH).and(RequestPredicates.method(HttpMethod.POST)).and(request -> !takesJson(request)),
                        request -> ServerResponse.status(HttpStatus.NOT_ACCEPTABLE).contentType(MediaType.APPLICATION_JSON)
                                .body(Handler.errors("Accept", "/graphql answers " + ANSWERS + "; accept one of them")))
                .andRoute(RequestPredicates.path(PATH).and(RequestPredicates.method(HttpMethod.POST)),
                        request -> handler.handlePost(request, boot.get()));
    }

    /**
     * What Boot's mapping of POST /graphql serves: a JSON request in (application/json; it also takes the type
     * application/graphql, and reads it as JSON), and {@link #ANSWERS} out. Anything else it answered 415 with an empty
     * body (a client that asked for text/html or sent text/plain learnt nothing); these are answered here, typed, first.
     */
    private static final List<MediaType> REQUESTS = List.of(MediaType.APPLICATION_JSON, MediaType.parseMediaType("application/graphql"));
    private static final List<MediaType> ANSWER_TYPES = List.of(MediaType.APPLICATION_GRAPHQL_RESPONSE, MediaType.APPLICATION_JSON);
    private static final String ANSWERS = "application/graphql-response+json and application/json";

    /** A Content-Type that does not parse sends nothing GraphQL reads (an exception here would be answered 500). */
    private static boolean sendsJson(ServerRequest request) {
        try {
            return request.headers().contentType().map(type -> REQUESTS.stream().anyMatch(type::isCompatibleWith)).orElse(false);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean takesJson(ServerRequest request) {
        try {
            List<MediaType> accepted = request.headers().accept();
            return accepted.isEmpty() || accepted.stream().anyMatch(type -> ANSWER_TYPES.stream().anyMatch(type::isCompatibleWith));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /**
     * After Spring Security, around GET and HEAD only. Security writes its cache headers (no-store) when the response is
     * committed, after this filter has chosen the ETag and answered 304 or not, and leaves a Cache-Control set here.
     */
    @Bean
    FilterRegistrationBean<ShallowEtagHeaderFilter> graphQlGetEtags() {
        FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(new ShallowEtagHeaderFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
            }

            /** As Spring's, for HEAD too (its headers are GET's), and whatever Cache-Control Spring Security will add. */
            @Override
            protected boolean isEligibleForEtag(HttpServletRequest request, HttpServletResponse response, int status,
                                                java.io.InputStream body) {
                return !response.isCommitted() && status >= 200 && status < 300;
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // Anonymous answers (published figures) may be kept by the reader's browser, which asks again with the
                // ETag each time. A signed-in person's are not kept anywhere (Spring Security's no-store): on a shared
                // computer the next person could read them from the browser's cache. They still carry the ETag, which
                // a client that keeps its last answer itself sends back.
                if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
                    response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
                }
                super.doFilterInternal(request, response, chain);
            }
        });
        registration.addUrlPatterns(PATH);
        registration.setOrder(0);
        return registration;
    }

    static final class Handler extends GraphQlHttpHandler {
        private final WebGraphQlHandler graphQl;
        private final JsonMapper json;
        private final IdGenerator ids = new AlternativeJdkIdGenerator();
        /** Reads a refused body again, as strictly as Spring's reading did (nothing after the object). */
        private final JsonMapper strict;
        /** Whether a document (with its operation name) only reads: parsed once, not at every poll (500 documents). */
        private final Cache<String, Boolean> reads = Caffeine.newBuilder().maximumSize(500).build();

        Handler(WebGraphQlHandler graphQl, JsonMapper json) {
            super(graphQl);
            this.graphQl = graphQl;
            this.json = json;
            this.strict = json.rebuild().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
        }

        ServerResponse handleGet(ServerRequest request) throws ServletException {
            // The parameters as the request object a POST would carry, held to the same rules.
            ObjectNode parameters = json.createObjectNode();
            request.param("query").ifPresent(query -> parameters.put("query", query));
            request.param("operationName").filter(name -> !name.isEmpty()).ifPresent(name -> parameters.put("operationName", name));
            for (String name : List.of("variables", "extensions")) {
                String text = request.param(name).orElse("");
                if (text.isEmpty()) continue;
                try {
                    parameters.set(name, strict.readTree(text));
                } catch (JacksonException e) {
                    return refuse(GraphQlRequestShape.notAnObject(name));
                }
            }
            GraphQlRequestShape.Fault fault = GraphQlRequestShape.fault(parameters);
            if (fault != null) return refuse(fault);
            String query = parameters.get("query").asString();
            String operationName = parameters.path("operationName").asString(null);
            Map<String, Object> body = new HashMap<>();
            body.put("query", query);
            if (operationName != null) body.put("operationName", operationName);
            for (String name : List.of("variables", "extensions")) {
                JsonNode part = parameters.get(name);
                if (part != null && part.isObject()) body.put(name, json.treeToValue(part, Map.class));
            }
            if (!reads.get(operationName + "\n" + query, key -> onlyReads(query, operationName))) {
                return ServerResponse.status(HttpStatus.METHOD_NOT_ALLOWED).header(HttpHeaders.ALLOW, "POST")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(errors("query", "only queries are answered over GET: send mutations and subscriptions with POST"));
            }
            MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
            request.cookies().forEach((name, values) -> values.forEach(cookie -> cookies.add(name, new HttpCookie(name, cookie.getValue()))));
            WebGraphQlRequest graphQlRequest = new WebGraphQlRequest(request.uri(), request.headers().asHttpHeaders(), cookies,
                    request.remoteAddress().orElse(null), request.attributes(), body, ids.generateId().toString(),
                    LocaleContextHolder.getLocale());
            return prepareResponse(request, graphQl.handleRequest(graphQlRequest));
        }

        /**
         * A POST as Boot's handler answers it, except a body it cannot read as a GraphQL request (JSON that does not
         * parse or nests too deep, variables that are not an object, no query): Spring answered those with its HTTP error
         * ("Bad Request", no field); here a GraphQL error names the part at fault. The body is read again only then.
         */
        ServerResponse handlePost(ServerRequest request, GraphQlHttpHandler posts) throws ServletException {
            try {
                return posts.handleRequest(request);
            } catch (HttpMessageNotReadableException | ServerWebInputException unreadable) {
                return refuseBody(request);
            }
        }

        private ServerResponse refuseBody(ServerRequest request) {
            JsonNode body;
            try {
                body = strict.readTree(request.servletRequest().getInputStream());
            } catch (JacksonException | IOException e) {
                String reason = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : e.getMessage();
                return refuse(HttpStatus.BAD_REQUEST, "body", "the request body is not JSON: "
                        + (reason == null ? "unreadable" : reason.length() > 200 ? reason.substring(0, 200) + "…" : reason));
            }
            if (body == null || !body.isObject()) {
                return refuse(HttpStatus.BAD_REQUEST, "body", "the request body must be a JSON object with a query");
            }
            GraphQlRequestShape.Fault fault = GraphQlRequestShape.fault(body);
            return fault != null ? refuse(fault) : refuse(HttpStatus.BAD_REQUEST, "body", "the request body is not a GraphQL request");
        }

        /**
         * Whether the operation that would run is a query. A document that does not parse, or names an operation it
         * does not hold, is a query's concern: GraphQL answers it as it answers it over POST (and runs nothing).
         */
        private static boolean onlyReads(String query, String operationName) {
            return GraphQlOperations.candidates(query, operationName)
                    .map(operations -> operations.stream().allMatch(operation -> operation.getOperation() == OperationDefinition.Operation.QUERY))
                    .orElse(true);
        }

        private static ServerResponse refuse(GraphQlRequestShape.Fault fault) {
            return refuse(HttpStatus.BAD_REQUEST, fault.part(), fault.message());
        }

        private static ServerResponse refuse(HttpStatus status, String field, String message) {
            return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).body(errors(field, message));
        }

        static Map<String, Object> errors(String field, String message) {
            return RequestBodyGuard.refusal(ErrorCode.INVALID_ARGUMENT, field, message);
        }
    }
}
