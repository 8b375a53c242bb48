package coffer.storage.lifecycle;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored text form of a {@link LifecycleConfiguration}: a first line {@code lifecycle 1}, then per rule a line
 * {@code rule} followed by {@code name=value} lines, values percent-encoded (UTF-8), tags as
 * {@code tag=KEY:VALUE} with both parts encoded. Unknown names are skipped, so a later version can add some.
 */
final class LifecycleCodec {
    private static final String HEADER = "lifecycle 1";

    private LifecycleCodec() {
    }

    static String encode(LifecycleConfiguration configuration) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (LifecycleRule r : configuration.rules()) {
            out.append("rule\n");
            line(out, "id", r.id());
            line(out, "status", r.enabled() ? "Enabled" : "Disabled");
            LifecycleFilter f = r.filter();
            line(out, "form", f.form().name());
            line(out, "prefix", f.prefix());
            for (Map.Entry<String, String> tag : f.tags().entrySet()) {
                line(out, "tag", enc(tag.getKey()) + ":" + enc(tag.getValue()));
            }
            line(out, "gt", f.sizeGreaterThan());
            line(out, "lt", f.sizeLessThan());
            line(out, "days", r.expirationDays());
            line(out, "date", r.expirationDate());
            line(out, "marker", r.expiredObjectDeleteMarker());
            line(out, "noncurrent", r.noncurrentDays());
            line(out, "newer", r.newerNoncurrentVersions());
            line(out, "abort", r.abortDays());
        }
        return out.toString();
    }

    static LifecycleConfiguration decode(String document) {
        String[] lines = document.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("not a lifecycle document");
        }
        List<LifecycleRule> rules = new ArrayList<>();
        Map<String, String> fields = null;
        Map<String, String> tags = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals("rule")) {
                if (fields != null) {
                    rules.add(rule(fields, tags));
                }
                fields = new LinkedHashMap<>();
                tags = new LinkedHashMap<>();
                continue;
            }
            int eq = line.indexOf('=');
            if (fields == null || eq < 0) {
                throw new IllegalArgumentException("malformed lifecycle document");
            }
            String name = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (name.equals("tag")) {
                int colon = value.indexOf(':');
                tags.put(dec(value.substring(0, colon)), dec(value.substring(colon + 1)));
            } else {
                fields.put(name, dec(value));
            }
        }
        if (fields != null) {
            rules.add(rule(fields, tags));
        }
        return new LifecycleConfiguration(rules);
    }

    private static LifecycleRule rule(Map<String, String> f, Map<String, String> tags) {
        LifecycleFilter filter = new LifecycleFilter(LifecycleFilter.Form.valueOf(f.get("form")),
                f.getOrDefault("prefix", ""), tags, longOf(f.get("gt")), longOf(f.get("lt")));
        return new LifecycleRule(f.get("id"), "Enabled".equals(f.get("status")), filter, intOf(f.get("days")),
                f.containsKey("date") ? Instant.parse(f.get("date")) : null,
                f.containsKey("marker") ? Boolean.valueOf(f.get("marker")) : null, intOf(f.get("noncurrent")),
                intOf(f.get("newer")), intOf(f.get("abort")));
    }

    private static void line(StringBuilder out, String name, Object value) {
        if (value != null) {
            out.append(name).append('=').append(name.equals("tag") ? value.toString() : enc(value.toString()))
                    .append('\n');
        }
    }

    private static Integer intOf(String s) {
        return s == null ? null : Integer.valueOf(s);
    }

    private static Long longOf(String s) {
        return s == null ? null : Long.valueOf(s);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
