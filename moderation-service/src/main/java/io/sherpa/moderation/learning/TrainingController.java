package io.sherpa.moderation.learning;

import io.sherpa.common.json.EventFormatException;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.web.ApiException;
import io.sherpa.moderation.scoring.model.LabelledTexts;
import io.sherpa.moderation.web.Caller;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/v1/training?category=spam|toxicity}: a site teaches its models from a labelled file —
 * CSV with a header naming {@code text} and {@code label} ({@code text/csv}), or JSON lines of
 * {@code {"text": …, "label": …}} ({@code application/x-ndjson}). The whole file is checked before
 * anything is stored; a malformed one is a {@code 400} naming the line. Accepted files answer {@code 202}:
 * the models train in the background and every replica picks them up. {@code GET /api/v1/training}: what
 * the site's models were trained from and their version.
 */
@RestController
class TrainingController {

    static final int MAX_BYTES = 20 * 1024 * 1024;
    static final int MAX_TEXT = 20_000;

    private final ModelStore store;
    private final ModelTrainer trainer;
    private final ModelRegistry registry;
    private final Clock clock = Clock.systemUTC();

    TrainingController(ModelStore store, ModelTrainer trainer, ModelRegistry registry) {
        this.store = store;
        this.trainer = trainer;
        this.registry = registry;
    }

    record Accepted(int accepted, int positive, int negative, String category, String currentModelVersion) {}

    record Status(String modelVersion, Integer examples, Instant trainedAt) {}

    record Line(String text, String label) {}

    @PostMapping(path = "/api/v1/training", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Accepted> upload(
            Principal principal,
            @RequestParam(defaultValue = "spam") String category,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            ServerWebExchange exchange) {
        String site = Caller.of(principal).siteId();
        if (!category.equals("spam") && !category.equals("toxicity")) {
            return Mono.error(invalid("category", "must be spam or toxicity"));
        }
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            type = null;
        }
        boolean csv = type != null && type.isCompatibleWith(MediaType.parseMediaType("text/csv"));
        boolean ndjson = type != null
                && (type.isCompatibleWith(MediaType.APPLICATION_NDJSON)
                        || type.isCompatibleWith(MediaType.parseMediaType("application/jsonl")));
        if (!csv && !ndjson) {
            return Mono.error(new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "Send text/csv (header: text,label) or application/x-ndjson ({\"text\":…,\"label\":…} per line)"));
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BYTES)
                .onErrorMap(
                        DataBufferLimitException.class,
                        e -> new ApiException(
                                HttpStatus.CONTENT_TOO_LARGE,
                                "too-large",
                                "Training file too large",
                                "At most " + MAX_BYTES / (1024 * 1024) + " MiB per upload; split the file"))
                .switchIfEmpty(Mono.error(() -> invalid("body", "the file is empty")))
                // decoding and parsing up to 20 MiB takes a while: not on the event loop
                .publishOn(Schedulers.boundedElastic())
                .map(TrainingController::utf8)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                .map(content -> parse(content, csv))
                .map(rows -> {
                    Instant now = clock.instant();
                    List<ModelStore.StoredExample> examples = new ArrayList<>(rows.size());
                    for (LabelledTexts.Row row : rows) {
                        examples.add(new ModelStore.StoredExample(
                                "upload:" + site + ":" + category + ":" + digest(row.text()),
                                site,
                                category,
                                row.text(),
                                row.positive(),
                                1.0,
                                "UPLOAD",
                                null,
                                now));
                    }
                    store.saveExamples(examples);
                    trainer.request(site);
                    int positive = (int)
                            rows.stream().filter(LabelledTexts.Row::positive).count();
                    return new Accepted(
                            rows.size(),
                            positive,
                            rows.size() - positive,
                            category,
                            registry.forSite(site).version());
                });
    }

    @GetMapping(path = "/api/v1/training", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Status> status(Principal principal) {
        String site = Caller.of(principal).siteId();
        return Mono.just(registry.siteModels(site)
                .map(m -> new Status(m.models().version(), m.examples(), m.trainedAt()))
                .orElseGet(() -> new Status(registry.forSite(site).version(), 0, null)));
    }

    private static String utf8(DataBuffer buffer) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate(buffer.readableByteCount());
            buffer.toByteBuffer(bytes);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid("body", "the file is not valid UTF-8");
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    static List<LabelledTexts.Row> parse(String content, boolean csv) {
        List<LabelledTexts.Row> rows;
        try {
            // reading stops at the first row past the limit: a 20 MiB file of short rows is millions of them
            rows = csv ? LabelledTexts.csv(content, ModelStore.MAX_EXAMPLES) : jsonLines(content);
        } catch (LabelledTexts.MalformedException e) {
            throw invalid("line " + e.line(), e.getMessage());
        } catch (LabelledTexts.TooManyRowsException e) {
            throw new ApiException(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "too-large",
                    "Training file too large",
                    "At most " + ModelStore.MAX_EXAMPLES + " rows per upload (a training uses the newest "
                            + ModelStore.MAX_EXAMPLES + "); split the file");
        }
        if (rows.isEmpty()) {
            throw invalid("body", "the file has no labelled rows");
        }
        for (int i = 0; i < rows.size(); i++) {
            String text = rows.get(i).text();
            if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
                throw invalid("row " + (i + 1), "text must be 1 to " + MAX_TEXT + " characters");
            }
        }
        return rows;
    }

    private static List<LabelledTexts.Row> jsonLines(String content) {
        List<LabelledTexts.Row> rows = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String json = lines[i].strip();
            if (json.isEmpty()) {
                continue;
            }
            Line line;
            try {
                line = EventJson.read(json, Line.class);
            } catch (EventFormatException | IllegalArgumentException e) {
                throw new LabelledTexts.MalformedException(i + 1, "not a JSON object with text and label");
            }
            if (line == null || line.text() == null || line.label() == null) {
                throw new LabelledTexts.MalformedException(i + 1, "each line needs \"text\" and \"label\"");
            }
            rows.add(new LabelledTexts.Row(
                    Integer.toString(i + 1), line.text(), LabelledTexts.positive(line.label(), i + 1)));
            if (rows.size() > ModelStore.MAX_EXAMPLES) {
                throw new LabelledTexts.TooManyRowsException(ModelStore.MAX_EXAMPLES);
            }
        }
        return rows;
    }

    private static String digest(String text) {
        try {
            byte[] hash =
                    java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.invalid(List.of(new ApiException.FieldError(field, message)));
    }
}
