package dev.sluice.auth;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sticky-cookie jar (features.md §13): keyed by (domain, port, path), each key an ordered
 * map of name to value; domain matching is anchored (RFC 6265), so a cookie for
 * {@code .example.com} never reaches {@code example.com.evil.org}.
 */
public final class CookieJar {

    private record Key(String domain, boolean hostOnly, int port, String path) {
    }

    private record Cookie(String value, boolean secure) {
    }

    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|.*:.*");
    /** Set-Cookie lines may hold several cookies separated by commas; a comma inside an Expires date is not one. */
    private static final Pattern COOKIE_SEPARATOR = Pattern.compile(",(?=\\s*[^;,=\\s]+=)(?!\\s*\\d{2}[ -])");
    private static final DateTimeFormatter[] DATES = {
            DateTimeFormatter.RFC_1123_DATE_TIME,
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEE, dd-MMM-yyyy HH:mm:ss zzz").toFormatter(Locale.ROOT),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEEE, dd-MMM-yy HH:mm:ss zzz").toFormatter(Locale.ROOT),
            new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern("EEE MMM d HH:mm:ss yyyy").toFormatter(Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC)};

    private final LinkedHashMap<Key, LinkedHashMap<String, Cookie>> jar = new LinkedHashMap<>();

    /** Learns the cookies of one Set-Cookie line sent in answer to a request for host:port. */
    public synchronized void learn(String setCookieLine, String host, int port, long nowMillis) {
        for (String cookie : COOKIE_SEPARATOR.split(setCookieLine)) learnOne(cookie.trim(), host.toLowerCase(Locale.ROOT), port, nowMillis);
    }

    private void learnOne(String text, String host, int port, long nowMillis) {
        String[] parts = text.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) return;
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String domain = null;
        String path = "/";
        boolean secure = false;
        Long maxAge = null;
        Long expires = null;
        for (int i = 1; i < parts.length; i++) {
            String attr = parts[i].trim();
            int aeq = attr.indexOf('=');
            String key = (aeq < 0 ? attr : attr.substring(0, aeq)).trim().toLowerCase(Locale.ROOT);
            String val = aeq < 0 ? "" : attr.substring(aeq + 1).trim();
            switch (key) {
                case "domain" -> domain = val.toLowerCase(Locale.ROOT);
                case "path" -> path = val.isEmpty() ? "/" : val;
                case "secure" -> secure = true;
                case "max-age" -> {
                    try {
                        maxAge = Long.parseLong(val);
                    } catch (NumberFormatException ignored) {
                        // not a number: no Max-Age
                    }
                }
                case "expires" -> expires = parseDate(val);
                default -> {
                }
            }
        }
        Key k;
        if (domain != null && !domain.isEmpty()) {
            if (domain.startsWith(".")) domain = domain.substring(1);
            boolean matches = host.equals(domain) || (host.endsWith("." + domain) && !IP_LITERAL.matcher(host).matches());
            if (!matches || (!domain.contains(".") && !domain.equals(host))) return;
            k = new Key(domain, false, port, path);
        } else {
            k = new Key(host, true, port, path);
        }
        boolean expired = maxAge != null ? maxAge <= 0 : expires != null && expires <= nowMillis;
        if (expired) {
            LinkedHashMap<String, Cookie> cookies = jar.get(k);
            if (cookies != null) {
                cookies.remove(name);
                if (cookies.isEmpty()) jar.remove(k);
            }
            return;
        }
        jar.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(name, new Cookie(value, secure));
    }

    private static Long parseDate(String text) {
        for (DateTimeFormatter f : DATES) {
            try {
                return ZonedDateTime.parse(text, f).toInstant().toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        return null;
    }

    /** The Cookie header value for a request, or null when no stored cookie applies. */
    public synchronized String cookieHeader(String host, int port, String path, boolean https) {
        String h = host.toLowerCase(Locale.ROOT);
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<Key, LinkedHashMap<String, Cookie>> e : jar.entrySet()) {
            Key k = e.getKey();
            boolean domainMatch = k.hostOnly() ? h.equals(k.domain()) : h.equals(k.domain()) || h.endsWith("." + k.domain());
            if (!domainMatch || k.port() != port || !path.startsWith(k.path())) continue;
            for (Map.Entry<String, Cookie> c : e.getValue().entrySet()) {
                if (c.getValue().secure() && !https) continue;
                pairs.add(c.getKey() + "=" + c.getValue().value());
            }
        }
        return pairs.isEmpty() ? null : String.join("; ", pairs);
    }
}
