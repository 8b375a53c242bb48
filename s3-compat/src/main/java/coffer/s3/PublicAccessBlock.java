package coffer.s3;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlWriter;
import java.util.Optional;

/**
 * A bucket's Block Public Access settings (Put/Get/DeletePublicAccessBlock), kept as the bucket document
 * {@value #DOCUMENT} in a compact form ({@code BlockPublicAcls=true,...}). Their effects (docs/policies.md):
 * BlockPublicAcls refuses a request that sets a public ACL (403 AccessDenied); IgnorePublicAcls makes the bucket's
 * and its objects' grants to AllUsers and AuthenticatedUsers count for nothing; BlockPublicPolicy refuses a public
 * bucket policy; RestrictPublicBuckets makes a public policy allow no one but the bucket's owner. Immutable.
 */
record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
                         boolean restrictPublicBuckets) {
    static final String DOCUMENT = "publicAccessBlock";
    /** A bucket without a configuration: nothing blocked (Coffer makes no default configuration, see the docs). */
    static final PublicAccessBlock NONE = new PublicAccessBlock(false, false, false, false);

    /** The configuration a PutPublicAccessBlock body holds; absent elements are false, as AWS reads them. */
    static PublicAccessBlock parse(XmlElement root) {
        if (root == null || !root.name().equals("PublicAccessBlockConfiguration")) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        }
        return new PublicAccessBlock(flag(root, "BlockPublicAcls"), flag(root, "IgnorePublicAcls"),
                flag(root, "BlockPublicPolicy"), flag(root, "RestrictPublicBuckets"));
    }

    private static boolean flag(XmlElement root, String name) {
        Optional<String> text = root.childText(name);
        if (text.isEmpty()) {
            return false;
        }
        return switch (text.get().trim()) {
            case "true", "TRUE", "True" -> true;
            case "false", "FALSE", "False" -> false;
            default -> throw new S3Exception(S3ErrorCode.MALFORMED_XML);
        };
    }

    String toXml() {
        return new XmlWriter().root("PublicAccessBlockConfiguration")
                .element("BlockPublicAcls", blockPublicAcls).element("IgnorePublicAcls", ignorePublicAcls)
                .element("BlockPublicPolicy", blockPublicPolicy)
                .element("RestrictPublicBuckets", restrictPublicBuckets).end().toString();
    }

    String encode() {
        return "BlockPublicAcls=" + blockPublicAcls + ",IgnorePublicAcls=" + ignorePublicAcls
                + ",BlockPublicPolicy=" + blockPublicPolicy + ",RestrictPublicBuckets=" + restrictPublicBuckets;
    }

    /** The stored form back; a document this class did not write reads as {@link #NONE}. */
    static PublicAccessBlock decode(String document) {
        String[] parts = document.split(",");
        boolean[] flags = new boolean[4];
        if (parts.length != 4) {
            return NONE;
        }
        for (int i = 0; i < 4; i++) {
            flags[i] = parts[i].endsWith("=true");
        }
        return new PublicAccessBlock(flags[0], flags[1], flags[2], flags[3]);
    }
}
