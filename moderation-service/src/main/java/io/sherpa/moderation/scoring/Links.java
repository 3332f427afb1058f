package io.sherpa.moderation.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds links in text with their spans and domains, in linear time: {@code http://}, {@code https://},
 * {@code www.}, and bare domains with a common top-level domain ({@code shop-deals.com/offer}) — how a link
 * is written to get past filters that only look for a scheme.
 */
public final class Links {

    /** Well-known URL shorteners: a shortened link hides where it goes. */
    public static final Set<String> SHORTENERS = Set.of(
            "bit.ly",
            "idek.net",
            "tinyurl.com",
            "t.co",
            "goo.gl",
            "ow.ly",
            "is.gd",
            "buff.ly",
            "tiny.cc",
            "rebrand.ly",
            "cutt.ly",
            "shorturl.at",
            "rb.gy",
            "bl.ink",
            "lnkd.in",
            "adf.ly",
            "v.gd",
            "s.id",
            "t.ly",
            "shorte.st",
            "x.co",
            "clck.ru",
            "qr.ae",
            "tr.im",
            "snip.ly",
            "po.st",
            "su.pr",
            "j.mp");

    /**
     * Top-level domains that make a bare {@code name.tld} a link. Only those common in links and rare as the
     * end of a sentence typed without a space ("see you.me", "come.in" are not links).
     */
    static final Set<String> BARE_TLDS = Set.of(
            "com", "net", "org", "info", "biz", "io", "ly", "tv", "xyz", "online", "site", "club", "top", "shop",
            "store", "ru", "cn", "co.uk", "org.uk", "com.au");

    private Links() {}

    /** One link: where it is in the text, and its host name in lower case without {@code www.}. */
    public record Link(int start, int end, String url, String domain) {}

    public static List<Link> find(String text) {
        List<Link> links = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < text.length()) {
            int start = nextStart(lower, i);
            if (start < 0) {
                break;
            }
            int end = start;
            while (end < text.length() && !isBoundary(text.charAt(end))) {
                end++;
            }
            while (end > start && ".,;:!?".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            String url = text.substring(start, end);
            String domain = domainOf(url);
            if (domain != null) {
                links.add(new Link(start, end, url, domain));
            }
            i = Math.max(end, start + 1);
        }
        // bare domains: only around a dot followed by a letter, so most texts cost one indexOf
        int found = links.size();
        int n = text.length();
        int dot = lower.indexOf('.');
        while (dot >= 0) {
            if (dot + 1 >= n || !Character.isLetter(lower.charAt(dot + 1))) {
                dot = lower.indexOf('.', dot + 1);
                continue;
            }
            int ts = dot;
            while (ts > 0 && !isBoundary(text.charAt(ts - 1))) {
                ts--;
            }
            int te = dot;
            while (te < n && !isBoundary(text.charAt(te))) {
                te++;
            }
            if (!overlaps(links, found, ts, te)) {
                Link bare = bare(text, lower, ts, te);
                if (bare != null) {
                    links.add(bare);
                }
            }
            dot = lower.indexOf('.', te);
        }
        boolean replaced = spacedOut(text, lower, links);
        if (links.size() > found || replaced) {
            links.sort(java.util.Comparator.comparingInt(Link::start));
        }
        return links;
    }

    /** Top-level domains that, written apart from their name ("name. com"), make a link: never a sentence's start. */
    static final Set<String> SPACED_TLDS = Set.of("com", "org", "biz");

    /** At most this many spaces on either side of a dot in a domain written apart. */
    private static final int MAX_SPACES = 2;

    /**
     * Domains written apart to get past link filters: {@code pimpmyviews. com}, {@code weebly . com},
     * {@code www.youtube. com/watch?v=…} ("delete the spaces"). Found at a {@code com}, {@code org} or {@code
     * biz} with a space between it and its dot, walking back over up to five more labels; a link found there
     * already (its first part, "www.youtube.") is replaced by the whole.
     */
    private static boolean spacedOut(String text, String lower, List<Link> links) {
        boolean changed = false;
        for (String tld : SPACED_TLDS) {
            int at = lower.indexOf(tld);
            while (at >= 0) {
                int tldEnd = at + tld.length();
                boolean word = (at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1)))
                        && (tldEnd == lower.length() || !isLabelChar(lower.charAt(tldEnd)));
                if (word) {
                    Link link = spacedLink(text, lower, at, tldEnd);
                    if (link != null) {
                        links.removeIf(l -> l.start() < link.end() && link.start() < l.end());
                        links.add(link);
                        changed = true;
                    }
                }
                at = lower.indexOf(tld, tldEnd);
            }
        }
        return changed;
    }

    private static Link spacedLink(String text, String lower, int tldStart, int tldEnd) {
        List<String> labels = new ArrayList<>();
        labels.add(lower.substring(tldStart, tldEnd));
        boolean spaced = false;
        int start = tldStart;
        while (labels.size() < 6) {
            int k = start;
            int spaces = 0;
            while (k > 0 && lower.charAt(k - 1) == ' ' && spaces <= MAX_SPACES) {
                k--;
                spaces++;
            }
            if (k == 0 || lower.charAt(k - 1) != '.' || spaces > MAX_SPACES) {
                break;
            }
            if (labels.size() == 1 && spaces == 0) {
                return null; // "name.com" is a bare domain, found above; "a .com address" names the ending
            }
            int dot = k - 1;
            int before = 0;
            k = dot;
            while (k > 0 && lower.charAt(k - 1) == ' ' && before <= MAX_SPACES) {
                k--;
                before++;
            }
            int labelEnd = k;
            while (k > 0 && isLabelChar(lower.charAt(k - 1))) {
                k--;
            }
            if (k == labelEnd || before > MAX_SPACES) {
                break;
            }
            spaced |= spaces > 0 || before > 0;
            labels.add(0, lower.substring(k, labelEnd));
            start = k;
        }
        if (!spaced || labels.size() < 2 || labels.get(labels.size() - 2).length() < 2) {
            return null; // written together it is a bare domain, found above
        }
        int end = tldEnd;
        if (end < text.length() && text.charAt(end) == '/') {
            while (end < text.length() && !isBoundary(text.charAt(end))) {
                end++;
            }
        }
        String host = String.join(".", labels);
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        return new Link(start, end, text.substring(start, end), host);
    }

    private static boolean isLabelChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-';
    }

    private static boolean overlaps(List<Link> links, int count, int start, int end) {
        for (int k = 0; k < count; k++) {
            if (links.get(k).start() < end && start < links.get(k).end()) {
                return true;
            }
        }
        return false;
    }

    /** The bare domain (and path) that the word {@code [ts, te)} is, or null. */
    private static Link bare(String text, String lower, int ts, int te) {
        while (te > ts && ".,;:!?".indexOf(text.charAt(te - 1)) >= 0) {
            te--;
        }
        int hostEnd = ts;
        int dots = 0;
        int labelStart = ts;
        int lastDot = -1;
        int previousDot = -1;
        for (; hostEnd < te; hostEnd++) {
            char c = lower.charAt(hostEnd);
            if (c == '.') {
                if (hostEnd == labelStart) {
                    return null; // an empty label: "..", ".com"
                }
                dots++;
                previousDot = lastDot;
                lastDot = hostEnd;
                labelStart = hostEnd + 1;
            } else if (c == '/') {
                break;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return null; // "@" (an e-mail address), "://", anything else: not a bare host name
            }
        }
        if (dots == 0 || lastDot == hostEnd - 1 || lastDot - ts < 2) {
            return null;
        }
        String tld = lower.substring(lastDot + 1, hostEnd);
        boolean listed = BARE_TLDS.contains(tld)
                || previousDot >= 0 && BARE_TLDS.contains(lower.substring(previousDot + 1, hostEnd));
        if (!listed) {
            return null;
        }
        String host = lower.substring(ts, hostEnd);
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        return new Link(ts, te, text.substring(ts, te), host);
    }

    /** Whether {@code domain} is {@code listed} or one of its subdomains. */
    public static boolean within(String domain, String listed) {
        String l = listed.toLowerCase(Locale.ROOT);
        return domain.equals(l) || domain.endsWith("." + l);
    }

    private static int nextStart(String lower, int from) {
        int best = -1;
        for (String prefix : new String[] {"http://", "https://", "www."}) {
            int at = lower.indexOf(prefix, from);
            while (at > 0 && prefix.equals("www.") && !isBoundary(lower.charAt(at - 1))) {
                at = lower.indexOf(prefix, at + 1);
            }
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    private static boolean isBoundary(char c) {
        return Character.isWhitespace(c) || "<>\"'()[]{}|\\^`".indexOf(c) >= 0;
    }

    private static String domainOf(String url) {
        String rest = url;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
        }
        int end = rest.length();
        for (char stop : new char[] {'/', '?', '#', ':'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String host = rest.substring(0, end).toLowerCase(Locale.ROOT);
        int userInfo = host.lastIndexOf('@');
        if (userInfo >= 0) {
            host = host.substring(userInfo + 1);
        }
        if (host.startsWith("www.")) {
            host = host.substring(4);
        }
        return host.contains(".") && host.length() > 3 ? host : null;
    }
}
