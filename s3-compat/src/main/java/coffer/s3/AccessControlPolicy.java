package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The AccessControlPolicy document: rendered for GetBucketAcl/GetObjectAcl, read from a PutBucketAcl/PutObjectAcl
 * body. A grantee is told apart by what it carries (ID, EmailAddress or URI), which is what its xsi:type says.
 * Anything that does not fit the schema is {@code MalformedACLError}. Immutable.
 *
 * @param ownerId the Owner/ID the document states, if any
 * @param grants  the grants, in document order
 */
record AccessControlPolicy(Optional<String> ownerId, List<RequestedGrant> grants) {
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    public static String render(Acl acl, CanonicalIds ids) {
        String owner = ids.of(acl.ownerId());
        XmlWriter doc = new XmlWriter().root("AccessControlPolicy");
        doc.start("Owner").element("ID", owner).element("DisplayName", owner).end();
        doc.start("AccessControlList");
        for (Grant grant : acl.grants()) {
            doc.start("Grant");
            if (grant.grantee() instanceof CanonicalUser user) {
                String id = ids.of(user.accountId());
                doc.start("Grantee", "xmlns:xsi", XSI, "xsi:type", "CanonicalUser")
                        .element("ID", id).element("DisplayName", id).end();
            } else {
                doc.start("Grantee", "xmlns:xsi", XSI, "xsi:type", "Group")
                        .element("URI", ((Group) grant.grantee()).uri()).end();
            }
            doc.element("Permission", grant.permission().name()).end();
        }
        return doc.end().end().toString();
    }

    /** The policy a request body states; {@code root} null (no body) is malformed too. */
    public static AccessControlPolicy parse(XmlElement root) {
        if (root == null || !root.name().equals("AccessControlPolicy")) {
            throw malformed();
        }
        Optional<String> owner = root.child("Owner").flatMap(o -> o.childText("ID")).map(String::trim);
        List<RequestedGrant> grants = new ArrayList<>();
        Optional<XmlElement> list = root.child("AccessControlList");
        for (XmlElement grant : list.map(l -> l.childrenNamed("Grant")).orElse(List.of())) {
            XmlElement grantee = grant.child("Grantee").orElseThrow(AccessControlPolicy::malformed);
            Permission permission = Permission.fromWire(
                    grant.childText("Permission").map(String::trim).orElseThrow(AccessControlPolicy::malformed));
            grants.add(new RequestedGrant(grantee(grantee), permission));
        }
        return new AccessControlPolicy(owner, grants);
    }

    private static GranteeRef grantee(XmlElement grantee) {
        Optional<String> id = grantee.childText("ID").map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> email = grantee.childText("EmailAddress").map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> uri = grantee.childText("URI").map(String::trim).filter(s -> !s.isEmpty());
        int named = (id.isPresent() ? 1 : 0) + (email.isPresent() ? 1 : 0) + (uri.isPresent() ? 1 : 0);
        if (named != 1) {
            throw malformed();
        }
        if (id.isPresent()) {
            return new GranteeRef.ById(id.get());
        }
        return email.<GranteeRef>map(GranteeRef.ByEmail::new)
                .orElseGet(() -> new GranteeRef.ByGroup(Group.fromUri(uri.get())));
    }

    static S3Exception malformed() {
        return new S3Exception(S3ErrorCode.MALFORMED_ACL_ERROR);
    }
}
