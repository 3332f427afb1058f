package io.sherpa.common.web;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A request's path as the router matches it: each segment percent-decoded and without its {@code ;parameters},
 * empty segments left out. A filter that decides by path must read the path this way, or a path the router
 * treats as {@code /api/v1/admin/sites} slips past a check on that prefix written as {@code /api/v1;x=1/admin/sites}
 * or {@code /api/%761/admin/sites}. Leaving out empty segments and decoding an encoded slash can only make a
 * path look like a protected one where the router sees another, which asks for a credential it did not need.
 */
public final class RoutedPath {

    private RoutedPath() {}

    public static String of(ServerHttpRequest request) {
        StringBuilder path = new StringBuilder();
        for (PathContainer.Element element :
                request.getPath().pathWithinApplication().elements()) {
            if (element instanceof PathContainer.PathSegment segment
                    && !segment.valueToMatch().isEmpty()) {
                path.append('/').append(segment.valueToMatch());
            }
        }
        return path.isEmpty() ? "/" : path.toString();
    }
}
