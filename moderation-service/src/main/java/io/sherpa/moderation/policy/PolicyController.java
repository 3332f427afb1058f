package io.sherpa.moderation.policy;

import io.sherpa.common.web.ApiException;
import io.sherpa.moderation.web.Caller;
import java.security.Principal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET|PUT /api/v1/policy}: the calling site's policy. A PUT makes a new version; decisions record which they used. */
@RestController
public class PolicyController {

    private final PolicyStore store;

    public PolicyController(PolicyStore store) {
        this.store = store;
    }

    @GetMapping(path = "/api/v1/policy", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<PolicyDocument> get(Principal principal) {
        return store.find(Caller.of(principal).siteId());
    }

    @PutMapping(
            path = "/api/v1/policy",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<PolicyDocument> put(Principal principal, @RequestBody PolicyDocument request) {
        String site = Caller.of(principal).siteId();
        return store.find(site).flatMap(current -> {
            long currentVersion = current.version() == null ? 0 : current.version();
            Policy next;
            try {
                next = request.toPolicy(currentVersion + 1);
            } catch (IllegalArgumentException | NullPointerException e) {
                return Mono.error(ApiException.invalid(List.of(new ApiException.FieldError("mode", e.getMessage()))));
            }
            List<PolicyValidator.Problem> problems = PolicyValidator.validate(next);
            if (!problems.isEmpty()) {
                return Mono.error(ApiException.invalid(problems.stream()
                        .map(p -> new ApiException.FieldError(p.field(), p.message()))
                        .toList()));
            }
            return store.replace(site, next, currentVersion)
                    .switchIfEmpty(Mono.error(() -> ApiException.conflict(
                            "The policy changed while this one was being saved; read it again and retry")));
        });
    }
}
