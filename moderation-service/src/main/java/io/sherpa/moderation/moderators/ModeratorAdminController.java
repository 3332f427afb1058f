package io.sherpa.moderation.moderators;

import io.sherpa.common.web.ApiException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/moderators} (admins only): list accounts, create one, change one's sites, role, password
 * or disable it. Password hashes never leave the service.
 */
@RestController
class ModeratorAdminController {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{2,64}");
    private static final Pattern SITE = Pattern.compile("\\*|[A-Za-z0-9._-]{1,64}");
    static final int MIN_PASSWORD = 8;

    private final ModeratorAccounts accounts;

    ModeratorAdminController(ModeratorAccounts accounts) {
        this.accounts = accounts;
    }

    record NewModerator(String username, String password, List<String> sites, Boolean admin) {}

    record ModeratorChange(List<String> sites, Boolean admin, Boolean disabled, String password) {}

    @GetMapping(path = "/api/v1/moderators", produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<Map<String, Object>> list() {
        return accounts.list().map(ModeratorAdminController::view);
    }

    @PostMapping(
            path = "/api/v1/moderators",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Mono<Map<String, Object>> create(@RequestBody NewModerator request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        if (request.username() == null || !NAME.matcher(request.username()).matches()) {
            errors.add(new ApiException.FieldError("username", "2 to 64 letters, digits or . _ @ -"));
        }
        checkPassword(request.password(), true, errors);
        Set<String> sites = checkSites(request.sites(), true, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return accounts.create(request.username(), request.password(), sites, Boolean.TRUE.equals(request.admin()))
                .switchIfEmpty(Mono.error(
                        () -> ApiException.conflict("A moderator named " + request.username() + " exists already")))
                .map(ModeratorAdminController::view);
    }

    @PatchMapping(
            path = "/api/v1/moderators/{username}",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> change(
            Principal principal, @PathVariable String username, @RequestBody ModeratorChange request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        checkPassword(request.password(), false, errors);
        Set<String> sites = checkSites(request.sites(), false, errors);
        if (username.equals(principal.getName())
                && (Boolean.TRUE.equals(request.disabled()) || Boolean.FALSE.equals(request.admin()))) {
            errors.add(new ApiException.FieldError(
                    Boolean.TRUE.equals(request.disabled()) ? "disabled" : "admin",
                    "an admin cannot lock themselves out; ask another admin"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return accounts.update(username, sites, request.admin(), request.disabled(), request.password())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No moderator named " + username)))
                .map(ModeratorAdminController::view);
    }

    private static void checkPassword(String password, boolean required, List<ApiException.FieldError> errors) {
        if (password == null ? required : password.length() < MIN_PASSWORD || password.length() > 200) {
            errors.add(new ApiException.FieldError("password", "8 to 200 characters"));
        }
    }

    private static Set<String> checkSites(List<String> sites, boolean required, List<ApiException.FieldError> errors) {
        if (sites == null) {
            if (required) {
                errors.add(new ApiException.FieldError("sites", "at least one site id, or * for every site"));
            }
            return null;
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String site : sites) {
            if (site == null || !SITE.matcher(site.strip()).matches()) {
                errors.add(new ApiException.FieldError("sites", "site ids are letters, digits or . _ -"));
                return null;
            }
            checked.add(site.strip());
        }
        if (checked.isEmpty()) {
            errors.add(new ApiException.FieldError("sites", "at least one site id, or * for every site"));
        }
        return checked;
    }

    static Map<String, Object> view(Moderator m) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("username", m.username());
        view.put("sites", m.sites().stream().sorted().toList());
        view.put("admin", m.admin());
        view.put("disabled", m.disabled());
        return view;
    }
}
