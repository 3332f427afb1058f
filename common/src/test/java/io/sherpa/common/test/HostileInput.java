package io.sherpa.common.test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of what a careless or malicious client sends: broken and deeply nested JSON, wrong types,
 * huge strings, invalid UTF-8, control, zero-width and bidi characters, emoji, numbers out of range,
 * duplicate keys, path traversal in ids and wrong content types. Bodies are mutations of a valid request
 * so that most of them get past the parser and reach the validation and the storage behind it.
 */
public final class HostileInput {

    /** Characters that break naive text handling: NUL and C0/C1 controls, zero-width, bidi overrides, BOM. */
    static final String NASTY_CHARS = "\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u007f\u0085\u00a0\u200b\u200c\u200d"
            + "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2028\u2029\u2066\u2067\u2068\u2069\ufeff\ufffd\uffff";

    static final List<String> NASTY_STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "../../../../etc/passwd",
            "..\\..\\windows\\win.ini",
            "%2e%2e%2f%2e%2e%2f",
            "%00",
            "{\"$gt\":\"\"}",
            "$where",
            "a.b.c",
            "'; DROP TABLE comments; --",
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            "http://127.0.0.1:22/",
            "file:///etc/passwd",
            "\u202egnp.exe",
            "\uD83D\uDE00\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08",
            "\uD800",
            "\uDC00x",
            "Z\u0351\u0362\u0358a\u0360\u034El\u0352g\u0353o",
            "NaN",
            "-1",
            "1e309",
            "true",
            "null",
            "APPROVED",
            "2024-13-45T99:99:99Z");

    private HostileInput() {}

    /** Strings from empty to far over every limit, of nasty characters, emoji and the odd valid word. */
    public static Arbitrary<String> strings() {
        Arbitrary<String> nasty = Arbitraries.strings()
                .withChars(NASTY_CHARS.toCharArray())
                .withCharRange('a', 'z')
                .ofMaxLength(64);
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> emoji = Arbitraries.integers()
                .between(0x1F300, 0x1FAFF)
                .list()
                .ofMaxSize(40)
                .map(cps -> cps.stream()
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                        .toString());
        Arbitrary<String> huge = Arbitraries.of(9_999, 10_000, 10_001, 20_000, 40_000, 80_000)
                .flatMap(n -> Arbitraries.of("x", "\u00e9", "\uD83D\uDE00", "\u200b", " ")
                        .map(c -> c.repeat(n / c.length())));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, nasty),
                net.jqwik.api.Tuple.of(3, anyUnicode),
                net.jqwik.api.Tuple.of(2, emoji),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(NASTY_STRINGS)),
                net.jqwik.api.Tuple.of(1, huge));
    }

    /** A JSON value of any type (for a field that expects another one), numbers out of range included. */
    public static Arbitrary<Object> values() {
        Arbitrary<Object> numbers = Arbitraries.oneOf(
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(
                                new RawJson("1e400"),
                                new RawJson("-1e400"),
                                new RawJson("9223372036854775808"),
                                new RawJson("-0"),
                                new RawJson("0.0000000000000000000000000000001"),
                                new RawJson("123456789012345678901234567890123456789012345678901234567890"),
                                new RawJson("1" + "0".repeat(2000)),
                                new RawJson("NaN"),
                                new RawJson("Infinity"))
                        .map(Object.class::cast));
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                strings().map(Object.class::cast),
                numbers,
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(null));
        Arbitrary<Object> containers = Arbitraries.oneOf(
                scalars.list().ofMaxSize(8).map(Object.class::cast),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(12), scalars)
                        .ofMaxSize(6)
                        .map(Object.class::cast),
                Arbitraries.integers().between(1, 3000).map(HostileInput::nested));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, scalars), net.jqwik.api.Tuple.of(1, containers));
    }

    /**
     * Request bodies derived from {@code valid}: a field replaced by a hostile value, removed, given twice, or
     * its object swapped for another type; the document truncated, nested thousands deep, broken by invalid
     * UTF-8 bytes or replaced by something that is not JSON at all. A share of them stays valid.
     */
    public static Arbitrary<byte[]> jsonBodies(Map<String, Object> valid) {
        List<String> fields = new ArrayList<>(valid.keySet());
        Arbitrary<byte[]> replaced = Combinators.combine(Arbitraries.of(fields), values())
                .as((field, value) -> {
                    Map<String, Object> copy = new LinkedHashMap<>(valid);
                    copy.put(field, value);
                    return json(copy);
                });
        Arbitrary<byte[]> nestedReplaced = Combinators.combine(Arbitraries.of(fields), values())
                .as((field, value) -> {
                    Map<String, Object> copy = deepCopy(valid);
                    Object inner = copy.get(field);
                    if (inner instanceof Map<?, ?> map && !map.isEmpty()) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> m = (Map<String, Object>) map;
                        m.put(m.keySet().iterator().next(), value);
                    } else if (inner instanceof List<?> list) {
                        copy.put(field, java.util.Arrays.asList(value, value));
                    } else {
                        copy.put(field, value);
                    }
                    return json(copy);
                });
        Arbitrary<byte[]> removed = Arbitraries.of(fields).map(field -> {
            Map<String, Object> copy = new LinkedHashMap<>(valid);
            copy.remove(field);
            return json(copy);
        });
        Arbitrary<byte[]> duplicated = Combinators.combine(Arbitraries.of(fields), values())
                .as((field, value) -> {
                    String body = new String(json(valid), StandardCharsets.UTF_8);
                    String extra = "\"" + field + "\":" + new String(json(value), StandardCharsets.UTF_8) + ",";
                    return ("{" + extra + body.substring(1)).getBytes(StandardCharsets.UTF_8);
                });
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, 400).map(n -> {
            byte[] body = json(valid);
            byte[] cut = new byte[Math.min(n, Math.max(0, body.length - 1))];
            System.arraycopy(body, 0, cut, 0, cut.length);
            return cut;
        });
        Arbitrary<byte[]> invalidUtf8 = Combinators.combine(
                        Arbitraries.integers().between(0, 1000), invalidUtf8Sequences())
                .as((at, bad) -> {
                    byte[] body = json(valid);
                    // inside a string value where possible: after the first quote past the offset
                    int i = Math.min(at, body.length - 1);
                    while (i < body.length - 1 && body[i] != '"') {
                        i++;
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(body, 0, i + 1);
                    out.writeBytes(bad);
                    out.write(body, i + 1, body.length - i - 1);
                    return out.toByteArray();
                });
        Arbitrary<byte[]> deep = Arbitraries.integers()
                .between(500, 50_000)
                .flatMap(depth -> Arbitraries.of(
                                "[".repeat(depth) + "]".repeat(depth),
                                "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
                                "[".repeat(depth),
                                "{\"text\":" + "[".repeat(depth) + "]".repeat(depth) + "}")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<byte[]> notJson = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.of(
                                "",
                                "null",
                                "[]",
                                "[{}]",
                                "\"just a string\"",
                                "42",
                                "{",
                                "}",
                                "{}",
                                "{\"a\":}",
                                "{'single':'quotes'}",
                                "{\"a\":1,}",
                                "{\"a\" 1}",
                                "/* comment */ {}",
                                "\ufeff{}",
                                "{\"a\":\"\\ud800\"}",
                                "{\"a\":\"\\u00\"}",
                                "{\"a\":\"\\x41\"}",
                                "<?xml version=\"1.0\"?><comment/>",
                                "text,label\nspam,spam\n",
                                "{} {}",
                                "{\"a\":1}garbage")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().all().ofMaxLength(100).map(s -> s.getBytes(StandardCharsets.UTF_16)));
        Arbitrary<byte[]> wrongTopLevel = values().map(HostileInput::json);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(json(valid))),
                net.jqwik.api.Tuple.of(10, replaced),
                net.jqwik.api.Tuple.of(6, nestedReplaced),
                net.jqwik.api.Tuple.of(3, removed),
                net.jqwik.api.Tuple.of(3, duplicated),
                net.jqwik.api.Tuple.of(3, truncated),
                net.jqwik.api.Tuple.of(4, invalidUtf8),
                net.jqwik.api.Tuple.of(1, deep),
                net.jqwik.api.Tuple.of(4, notJson),
                net.jqwik.api.Tuple.of(2, wrongTopLevel));
    }

    /** Objects derived from {@code valid} with one field replaced by a hostile value or removed; a share stays valid. */
    public static Arbitrary<Object> objects(Map<String, Object> valid) {
        List<String> fields = new ArrayList<>(valid.keySet());
        Arbitrary<Object> replaced = Combinators.combine(Arbitraries.of(fields), values())
                .as((field, value) -> {
                    Map<String, Object> copy = new LinkedHashMap<>(valid);
                    copy.put(field, value);
                    return copy;
                });
        Arbitrary<Object> removed = Arbitraries.of(fields).map(field -> {
            Map<String, Object> copy = new LinkedHashMap<>(valid);
            copy.remove(field);
            return copy;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(valid)),
                net.jqwik.api.Tuple.of(6, replaced),
                net.jqwik.api.Tuple.of(2, removed),
                net.jqwik.api.Tuple.of(1, values()));
    }

    /** Byte sequences that are not UTF-8: lone continuation bytes, overlongs, surrogates, truncated sequences. */
    public static Arbitrary<byte[]> invalidUtf8Sequences() {
        return Arbitraries.of(
                new byte[] {(byte) 0xff},
                new byte[] {(byte) 0xfe, (byte) 0xff},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xc0, (byte) 0xaf},
                new byte[] {(byte) 0xc3},
                new byte[] {(byte) 0xe2, (byte) 0x82},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {0, 0, 0},
                new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf});
    }

    /**
     * Path segments for ids, already in the form sent on the wire: traversal plain and percent-encoded,
     * encoded NUL and slashes, very long ids, and hostile strings percent-encoded as UTF-8.
     */
    public static Arbitrary<String> pathSegments() {
        Arbitrary<String> attacks = Arbitraries.of(
                "..",
                "..%2f..%2fetc%2fpasswd",
                "%2e%2e%2f%2e%2e%2f",
                "%2e%2e",
                "%2E%2E%5C",
                "..%5c..%5c",
                "%00",
                "abc%00def",
                "%252e%252e%252f",
                "%c0%ae%c0%ae%2f",
                "%ff%fe",
                "%ed%a0%80",
                "%e2%80%ae",
                "%20",
                ".",
                "~",
                "$where",
                "%7B%22%24gt%22%3A%22%22%7D",
                "00000000-0000-0000-0000-000000000000",
                "ffffffff-ffff-ffff-ffff-ffffffffffff",
                "not-a-uuid",
                "a;b=c",
                "a:b",
                "@",
                "!$&'()*+,=",
                "*");
        Arbitrary<String> encoded = strings().filter(s -> s.length() < 3000).map(HostileInput::percentEncode);
        Arbitrary<String> long_ = Arbitraries.of(200, 1000, 4000).map("a"::repeat);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, attacks),
                        net.jqwik.api.Tuple.of(4, encoded),
                        net.jqwik.api.Tuple.of(1, long_))
                .filter(s -> !s.isEmpty());
    }

    /** Query parameter values as sent on the wire (percent-encoded). */
    public static Arbitrary<String> queryValues() {
        return Arbitraries.oneOf(
                pathSegments(),
                Arbitraries.of("", "-1", "0", "1", "2147483648", "99999999999999999999", "1e3", "NaN", "true"),
                Arbitraries.of("HELD", "held", "APPROVED", "REJECTED", "PENDING", "ALL", "*"));
    }

    /** Content types a body may arrive with; {@code null} stands for no header at all. */
    public static Arbitrary<String> contentTypes(String... expected) {
        List<String> types = new ArrayList<>(List.of(
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "application/octet-stream",
                "application/json; charset=ISO-8859-1",
                "application/json; charset=UTF-16",
                "application/json; charset=nonsense",
                "application/json;;;",
                "application/*",
                "*/*",
                "json",
                "/",
                "text/csv",
                "application/x-ndjson",
                "application/problem+json"));
        Arbitrary<String> wrong = Arbitraries.of(types);
        Arbitrary<String> right = Arbitraries.of(expected);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, right),
                net.jqwik.api.Tuple.of(3, wrong),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
    }

    /** Authorization header values that are not the right one; {@code null} for none. */
    public static Arbitrary<String> wrongAuthorizations() {
        return Arbitraries.oneOf(
                Arbitraries.just((String) null),
                Arbitraries.of(
                        "",
                        "Bearer",
                        "Bearer ",
                        "Bearer sk_not_a_key",
                        "Bearer ../../",
                        "bearer lowercase",
                        "Basic Og==",
                        "Basic !!!notbase64",
                        "Basic " + java.util.Base64.getEncoder().encodeToString("nobody:nothing".getBytes()),
                        "Basic " + java.util.Base64.getEncoder().encodeToString(":".getBytes()),
                        "Basic " + java.util.Base64.getEncoder().encodeToString("\u0000:\u0000".getBytes()),
                        "Token abc",
                        "Bearer " + "k".repeat(5000)));
    }

    /** {@code depth} nested arrays around one number. */
    static Object nested(int depth) {
        return new RawJson("[".repeat(depth) + "1" + "]".repeat(depth));
    }

    /** The JSON text of maps, lists, strings, numbers, booleans, nulls and {@link RawJson}, as UTF-8. */
    public static byte[] json(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof RawJson raw) {
            out.append(raw.text());
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            out.append("1e999");
        } else if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            out.append("-1e999");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            writeString(value.toString(), out);
        }
    }

    /** Escapes what JSON requires; a lone surrogate is written as an escape, which JSON allows. */
    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (Character.isSurrogate(c) && !pair)) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (pair) {
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    public static String percentEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }

    /** A JSON fragment written as it is, for what a Java value cannot express (1e400, NaN, deep nesting). */
    public record RawJson(String text) {}
}
