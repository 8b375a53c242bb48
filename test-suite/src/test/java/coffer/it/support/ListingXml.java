package coffer.it.support;

import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A ListObjectsV2 result document as the gateway wrote it: the {@code EncodingType} element, if any, and each
 * {@code Contents/Key} as XML text (entities resolved, percent-escapes NOT decoded).
 */
public record ListingXml(Optional<String> encodingType, List<String> rawKeys, String xml) {

    public static ListingXml parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            Element root = doc.getDocumentElement();
            Optional<String> encoding = Optional.empty();
            List<String> keys = new ArrayList<>();
            for (Element child : children(root)) {
                if (child.getTagName().equals("EncodingType")) {
                    encoding = Optional.of(child.getTextContent());
                } else if (child.getTagName().equals("Contents")) {
                    for (Element field : children(child)) {
                        if (field.getTagName().equals("Key")) {
                            keys.add(field.getTextContent());
                        }
                    }
                }
            }
            return new ListingXml(encoding, keys, new String(body, StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError("the listing is not well-formed XML: "
                    + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    /** The keys decoded as every S3 client decodes {@code encoding-type=url} listings (form decoding). */
    public List<String> urlDecodedKeys() {
        return rawKeys.stream().map(k -> URLDecoder.decode(k, StandardCharsets.UTF_8)).toList();
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
