package io.sherpa.ingest.sites;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.ApiException.FieldError;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code /api/v1/admin/sites}: sites and API keys, behind the admin token. */
@RestController
@RequestMapping(path = "/api/v1/admin/sites", produces = MediaType.APPLICATION_JSON_VALUE)
public class SiteAdminController {

    private final SiteAdministration administration;
    private final SiteRegistry registry;

    public SiteAdminController(SiteAdministration administration, SiteRegistry registry) {
        this.administration = administration;
        this.registry = registry;
    }

    public record CreateSite(String siteId, String name, Integer rateLimitPerSecond) {}

    public record UpdateSite(String name, Boolean disabled, Integer rateLimitPerSecond) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<SiteAdministration.IssuedKey>> create(@RequestBody CreateSite request) {
        List<FieldError> errors = new ArrayList<>();
        if (!SiteId.isValid(request.siteId())) {
            errors.add(new FieldError("siteId", "must be 2-63 lower-case letters, digits or dashes"));
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        checkRate(request.rateLimitPerSecond(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return administration
                .create(SiteId.of(request.siteId()), request.name().strip(), request.rateLimitPerSecond())
                .map(key -> ResponseEntity.created(URI.create("/api/v1/admin/sites/" + key.siteId()))
                        .body(key));
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return registry.all().stream()
                .sorted(Comparator.comparing(s -> s.siteId().value()))
                .map(SiteAdminController::view)
                .toList();
    }

    @GetMapping("/{siteId}")
    public Map<String, Object> get(@PathVariable String siteId) {
        return view(administration.require(site(siteId)));
    }

    @PatchMapping(path = "/{siteId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> update(@PathVariable String siteId, @RequestBody UpdateSite request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.name() != null
                && (request.name().isBlank() || request.name().length() > 200)) {
            errors.add(new FieldError("name", "must not be blank, at most 200 characters"));
        }
        checkRate(request.rateLimitPerSecond(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return administration
                .update(site(siteId), request.name(), request.disabled(), request.rateLimitPerSecond())
                .map(SiteAdminController::view);
    }

    @PostMapping("/{siteId}/keys")
    public Mono<ResponseEntity<SiteAdministration.IssuedKey>> rotate(@PathVariable String siteId) {
        return administration
                .addKey(site(siteId))
                .map(key -> ResponseEntity.created(URI.create("/api/v1/admin/sites/" + siteId + "/keys/" + key.keyId()))
                        .body(key));
    }

    @DeleteMapping("/{siteId}/keys/{keyId}")
    public Mono<ResponseEntity<Void>> revoke(@PathVariable String siteId, @PathVariable String keyId) {
        return administration
                .revokeKey(site(siteId), keyId)
                .thenReturn(ResponseEntity.noContent().build());
    }

    private static SiteId site(String siteId) {
        if (!SiteId.isValid(siteId)) {
            throw ApiException.notFound("No site '" + siteId + "'");
        }
        return SiteId.of(siteId);
    }

    private static void checkRate(Integer rate, List<FieldError> errors) {
        if (rate != null && (rate < 1 || rate > 1_000_000)) {
            errors.add(new FieldError("rateLimitPerSecond", "must be between 1 and 1000000"));
        }
    }

    private static Map<String, Object> view(SiteChanged site) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("siteId", site.siteId().value());
        view.put("name", site.name());
        view.put("disabled", site.disabled());
        view.put("rateLimitPerSecond", site.rateLimitPerSecond());
        view.put(
                "keys",
                site.apiKeys().stream()
                        .map(k -> Map.of("keyId", k.keyId(), "createdAt", String.valueOf(k.createdAt())))
                        .toList());
        return view;
    }
}
