package coffer.s3;

import coffer.storage.WriteCondition;

/**
 * {@code If-None-Match: *} and {@code If-Match: <etag>} on PutObject, CopyObject and CompleteMultipartUpload. The
 * storage engine decides them in the publishing transaction; this class only parses them. Stateless.
 */
final class WriteConditions {
    private WriteConditions() {
    }

    static WriteCondition of(RequestContext ctx) {
        String ifNoneMatch = ctx.header("If-None-Match");
        String ifMatch = ctx.header("If-Match");
        // AWS documents only "*" for If-None-Match on writes; an ETag there (as Ceph RGW accepts) means "unless
        // the current object has this ETag", which is the natural reading and refuses nothing AWS would accept.
        boolean noneExists = ifNoneMatch != null && ifNoneMatch.trim().equals("*");
        String noneMatchEtag = ifNoneMatch != null && !noneExists ? unquote(ifNoneMatch) : null;
        return new WriteCondition(noneExists, ifMatch == null ? null : unquote(ifMatch), noneMatchEtag);
    }

    /** An ETag as clients send it ({@code "abc"}, {@code abc}, {@code W/"abc"}) without quotes. */
    static String unquote(String etag) {
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }
}
