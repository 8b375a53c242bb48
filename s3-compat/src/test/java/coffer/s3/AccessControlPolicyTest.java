package coffer.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import coffer.s3.xml.XmlElement;
import coffer.s3.xml.XmlReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessControlPolicyTest {
    private static final String XSI = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    private static XmlElement xml(String text) {
        return new XmlReader(1 << 16).parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String policy(String grants) {
        return "<AccessControlPolicy><Owner><ID>" + MapDirectory.idOf(1) + "</ID></Owner><AccessControlList>" + grants
                + "</AccessControlList></AccessControlPolicy>";
    }

    @Test
    void renderedPoliciesParseBackToTheSameGrants() {
        Acl acl = new Acl(1, List.of(new Grant(new CanonicalUser(1), Permission.FULL_CONTROL),
                new Grant(new CanonicalUser(2), Permission.WRITE_ACP), new Grant(Group.ALL_USERS, Permission.READ)));
        String rendered = AccessControlPolicy.render(acl,
                new CanonicalIds(new MapDirectory(Map.of(1L, "one@example.com", 2L, "two@example.com"))));
        assertTrue(rendered.contains("<Owner><ID>" + MapDirectory.idOf(1) + "</ID><DisplayName>" + MapDirectory.idOf(1)
                + "</DisplayName></Owner>"), rendered);
        assertTrue(rendered.contains("xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI>"),
                rendered);
        AccessControlPolicy parsed = AccessControlPolicy.parse(xml(rendered));
        assertEquals(Optional.of(MapDirectory.idOf(1)), parsed.ownerId());
        assertEquals(List.of(new RequestedGrant(new GranteeRef.ByGroup(Group.ALL_USERS), Permission.READ),
                new RequestedGrant(new GranteeRef.ById(MapDirectory.idOf(1)), Permission.FULL_CONTROL),
                new RequestedGrant(new GranteeRef.ById(MapDirectory.idOf(2)), Permission.WRITE_ACP)), parsed.grants());
    }

    @Test
    void granteesByEmailAndEmptyListsParse() {
        AccessControlPolicy p = AccessControlPolicy.parse(xml(policy("<Grant><Grantee " + XSI
                + " xsi:type=\"AmazonCustomerByEmail\"><EmailAddress>alt@example.com</EmailAddress></Grantee>"
                + "<Permission>READ</Permission></Grant>")));
        assertEquals(List.of(new RequestedGrant(new GranteeRef.ByEmail("alt@example.com"), Permission.READ)),
                p.grants());
        assertEquals(List.of(), AccessControlPolicy.parse(xml(policy(""))).grants());
        assertEquals(Optional.empty(), AccessControlPolicy.parse(xml(
                "<AccessControlPolicy><AccessControlList/></AccessControlPolicy>")).ownerId());
    }

    @Test
    void documentsOutsideTheSchemaAreMalformedAclError() {
        List<String> bad = List.of(
                "<Policy/>",
                policy("<Grant><Permission>READ</Permission></Grant>"),
                policy("<Grant><Grantee><ID>x</ID></Grantee></Grant>"),
                policy("<Grant><Grantee><ID>x</ID></Grantee><Permission>EVERYTHING</Permission></Grant>"),
                policy("<Grant><Grantee></Grantee><Permission>READ</Permission></Grant>"),
                policy("<Grant><Grantee><ID>x</ID><URI>y</URI></Grantee><Permission>READ</Permission></Grant>"));
        for (String doc : bad) {
            S3Exception e = assertThrows(S3Exception.class, () -> AccessControlPolicy.parse(xml(doc)), doc);
            assertEquals(S3ErrorCode.MALFORMED_ACL_ERROR, e.error(), doc);
        }
        assertEquals(S3ErrorCode.MALFORMED_ACL_ERROR,
                assertThrows(S3Exception.class, () -> AccessControlPolicy.parse(null)).error());
    }

    @Test
    void unknownGroupsAreInvalidArgument() {
        S3Exception e = assertThrows(S3Exception.class, () -> AccessControlPolicy.parse(xml(policy(
                "<Grant><Grantee><URI>http://example.com/g</URI></Grantee><Permission>READ</Permission></Grant>"))));
        assertEquals(S3ErrorCode.INVALID_ARGUMENT, e.error());
    }
}
