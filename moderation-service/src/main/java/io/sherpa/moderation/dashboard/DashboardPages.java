package io.sherpa.moderation.dashboard;

import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The dashboard's pages. The queue, audit log, overview and admin views are one page ({@code index.html})
 * whose script picks the view from the path; the sign-in page is rendered here because its form carries
 * the CSRF token.
 */
@Configuration
class DashboardPages {

    private static final Resource APP = new ClassPathResource("static/index.html");

    @Bean
    RouterFunction<ServerResponse> dashboardRoutes() {
        return RouterFunctions.route()
                .GET("/", this::app)
                .GET("/audit", this::app)
                .GET("/overview", this::app)
                .GET("/admin", this::app)
                .GET("/login", this::login)
                .build();
    }

    private Mono<ServerResponse> app(ServerRequest request) {
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_HTML)
                .cacheControl(CacheControl.noStore())
                .bodyValue(APP);
    }

    private Mono<ServerResponse> login(ServerRequest request) {
        Mono<CsrfToken> token = request.exchange().getAttribute(CsrfToken.class.getName());
        String message = request.queryParam("error").isPresent()
                ? "<p class=\"alert\" role=\"alert\">Wrong user name or password, or the account is disabled.</p>"
                : request.queryParam("signed-out").isPresent()
                        ? "<p class=\"notice\" role=\"status\">You are signed out.</p>"
                        : "";
        return (token == null ? Mono.<CsrfToken>empty() : token)
                .map(t -> page(message, t))
                .defaultIfEmpty(page(message, null))
                .flatMap(html -> ServerResponse.ok()
                        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                        .cacheControl(CacheControl.noStore())
                        .bodyValue(html));
    }

    private static String page(String message, CsrfToken token) {
        String csrf = token == null
                ? ""
                : "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(token.getParameterName()) + "\" value=\""
                        + HtmlUtils.htmlEscape(token.getToken()) + "\">";
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>Sign in · Sherpa moderation</title>
                  <link rel="stylesheet" href="/assets/app.css">
                </head>
                <body class="login">
                  <main class="login-box">
                    <h1>Sherpa moderation</h1>
                    %s
                    <form method="post" action="/login" id="login-form">
                      <label for="username">User name</label>
                      <input id="username" name="username" autocomplete="username" required autofocus>
                      <label for="password">Password</label>
                      <input id="password" name="password" type="password" autocomplete="current-password" required>
                      %s
                      <button type="submit" id="sign-in">Sign in</button>
                    </form>
                  </main>
                </body>
                </html>
                """.formatted(message, csrf);
    }
}
