package coffer.s3.acl;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlWriter;

/**
 * The XML form of a canned ACL: rendered for GetBucketAcl/GetObjectAcl, and read back from a PutBucketAcl or
 * PutObjectAcl body when it expresses exactly one of the canned ACLs we serve.
 */
public final class AccessControlPolicy {
    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private AccessControlPolicy() {
    }

    public static String render(CannedAcl acl, String ownerId) {
        XmlWriter doc = new XmlWriter().root("AccessControlPolicy");
        doc.start("Owner").element("ID", ownerId).element("DisplayName", ownerId).end();
        doc.start("AccessControlList");
        doc.start("Grant").start("Grantee", "xmlns:xsi", XSI, "xsi:type", "CanonicalUser")
                .element("ID", ownerId).element("DisplayName", ownerId).end()
                .element("Permission", "FULL_CONTROL").end();
        if (acl == CannedAcl.PUBLIC_READ) {
            doc.start("Grant").start("Grantee", "xmlns:xsi", XSI, "xsi:type", "Group").element("URI", ALL_USERS).end()
                    .element("Permission", "READ").end();
        }
        return doc.end().end().toString();
    }

    /** The canned ACL a policy document stands for; grants beyond owner FULL_CONTROL + AllUsers READ are refused. */
    public static CannedAcl parse(XmlElement root, String ownerId) {
        if (root == null || !root.name().equals("AccessControlPolicy")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        XmlElement list = root.child("AccessControlList").orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
        boolean ownerFull = false;
        boolean publicRead = false;
        for (XmlElement grant : list.childrenNamed("Grant")) {
            XmlElement grantee = grant.child("Grantee").orElseThrow(() -> new S3Exception(S3ErrorCode.MALFORMED_XML));
            String permission = grant.childText("Permission").orElseThrow(
                    () -> new S3Exception(S3ErrorCode.MALFORMED_XML));
            String uri = grantee.childText("URI").orElse(null);
            String id = grantee.childText("ID").orElse(null);
            if (ownerId.equals(id) && permission.equals("FULL_CONTROL")) {
                ownerFull = true;
            } else if (ALL_USERS.equals(uri) && permission.equals("READ")) {
                publicRead = true;
            } else {
                throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                        "Only the grants of the canned ACLs private and public-read are supported");
            }
        }
        if (!ownerFull) {
            throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                    "An ACL must grant the owner FULL_CONTROL; only private and public-read are supported");
        }
        return publicRead ? CannedAcl.PUBLIC_READ : CannedAcl.PRIVATE;
    }
}
