package org.parledger.app.config;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.parledger.app.security.HttpRefusal;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;

import java.io.IOException;
import java.util.Map;

/**
 * Spring's error answer ({@code /error}: a path that does not exist, a wrong password) as JSON in the application's
 * shape, whatever the client accepts: Spring's own answered a browser with its whitelabel HTML page, and a client
 * that accepts neither HTML nor JSON with the status and an empty body. The application has no error pages.
 */
@Controller
class ErrorAnswers implements ErrorController {
    private final ErrorAttributes attributes;

    ErrorAnswers(ErrorAttributes attributes) {
        this.attributes = attributes;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = attributes.getErrorAttributes(new ServletWebRequest(request), ErrorAttributeOptions.defaults());
        if (!(body.get("status") instanceof Integer)) {
            Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int code = status instanceof Integer known ? known : 500;
            body = HttpRefusal.body(code, HttpRefusal.codeOf(code), null, null);
        }
        if (!response.isCommitted()) HttpRefusal.write(response, body);
    }
}
