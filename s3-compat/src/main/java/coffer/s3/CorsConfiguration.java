package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A bucket's CORS configuration: parsed and validated from PutBucketCors, rendered for GetBucketCors. */
record CorsConfiguration(List<CorsRule> rules) {
    static final int MAX_RULES = 100;
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD");

    public CorsConfiguration {
        rules = List.copyOf(rules);
    }

    /** The first rule that allows this origin, method and set of request headers, as S3 evaluates them. */
    public Optional<CorsRule> match(String origin, String method, List<String> requestHeaders) {
        return rules.stream()
                .filter(r -> r.allowsOrigin(origin) && r.allowsMethod(method) && r.allowsHeaders(requestHeaders))
                .findFirst();
    }

    public static CorsConfiguration parse(XmlElement root) {
        if (root == null || !root.name().equals("CORSConfiguration")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        List<CorsRule> rules = new ArrayList<>();
        for (XmlElement rule : root.childrenNamed("CORSRule")) {
            List<String> methods = texts(rule, "AllowedMethod");
            for (String m : methods) {
                if (!METHODS.contains(m)) {
                    throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                            "Found unsupported HTTP method in CORS config. Unsupported method is " + m);
                }
            }
            List<String> origins = texts(rule, "AllowedOrigin");
            if (methods.isEmpty() || origins.isEmpty()) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            for (String o : origins) {
                if (o.indexOf('*') != o.lastIndexOf('*')) {
                    throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                            "AllowedOrigin \"" + o + "\" can not have more than one wildcard.");
                }
            }
            Optional<Integer> maxAge;
            try {
                maxAge = rule.childText("MaxAgeSeconds").map(Integer::parseInt);
            } catch (NumberFormatException e) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            rules.add(new CorsRule(rule.childText("ID"), origins, methods, texts(rule, "AllowedHeader"),
                    texts(rule, "ExposeHeader"), maxAge));
        }
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        return new CorsConfiguration(rules);
    }

    private static List<String> texts(XmlElement parent, String name) {
        return parent.childrenNamed(name).stream().map(e -> e.text().trim()).toList();
    }

    public String toXml() {
        XmlWriter doc = new XmlWriter().root("CORSConfiguration");
        for (CorsRule r : rules) {
            doc.start("CORSRule");
            r.id().ifPresent(id -> doc.element("ID", id));
            r.allowedHeaders().forEach(h -> doc.element("AllowedHeader", h));
            r.allowedMethods().forEach(m -> doc.element("AllowedMethod", m));
            r.allowedOrigins().forEach(o -> doc.element("AllowedOrigin", o));
            r.exposeHeaders().forEach(h -> doc.element("ExposeHeader", h));
            r.maxAgeSeconds().ifPresent(a -> doc.element("MaxAgeSeconds", a));
            doc.end();
        }
        return doc.end().toString();
    }
}
