package coffer.s3.xml;

import coffer.s3.error.ClientBodyException;
import coffer.s3.error.S3ErrorCode;
import coffer.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses the small XML documents clients send (bucket configuration, delete lists). Bodies are capped in size and
 * nesting depth, DTDs (so entity definitions, internal and external) are refused, and anything malformed becomes
 * {@code MalformedXML}.
 */
public final class XmlReader {
    /**
     * No S3 request document nests deeper than a handful of levels (a lifecycle rule filter is about 6). Without a
     * bound, a body of nothing but open tags builds a tree (and later a recursion) as deep as the size cap allows.
     */
    static final int MAX_DEPTH = 32;
    private final int maxBytes;
    private final XMLInputFactory factory;

    public XmlReader(int maxBytes) {
        this.maxBytes = maxBytes;
        this.factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    /** Reads the whole (small) body and parses it; an empty body yields an empty Optional-like null. */
    public XmlElement parse(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(maxBytes + 1);
        } catch (ClientBodyException e) {
            throw e.toS3();
        } catch (IOException e) {
            throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The request body could not be read", e);
        }
        if (bytes.length > maxBytes) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML, "The XML document is larger than " + maxBytes + " bytes");
        }
        return bytes.length == 0 ? null : parse(bytes);
    }

    private XmlElement parse(byte[] bytes) {
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
            Deque<Builder> stack = new ArrayDeque<>();
            XmlElement root = null;
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (stack.size() >= MAX_DEPTH) {
                            throw new S3Exception(S3ErrorCode.MALFORMED_XML,
                                    "The XML document nests deeper than " + MAX_DEPTH + " elements");
                        }
                        stack.push(new Builder(reader.getLocalName()));
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (!stack.isEmpty()) {
                            stack.peek().text.append(reader.getText());
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        XmlElement done = stack.pop().build();
                        if (stack.isEmpty()) {
                            root = done;
                        } else {
                            stack.peek().children.add(done);
                        }
                    }
                    case XMLStreamConstants.DTD -> throw new S3Exception(S3ErrorCode.MALFORMED_XML,
                            "Document type declarations are not allowed");
                    default -> { }
                }
            }
            if (root == null) {
                throw new S3Exception(S3ErrorCode.MALFORMED_XML);
            }
            return root;
        } catch (XMLStreamException e) {
            throw new S3Exception(S3ErrorCode.MALFORMED_XML, S3ErrorCode.MALFORMED_XML.defaultMessage(), e);
        }
    }

    private static final class Builder {
        final String name;
        final StringBuilder text = new StringBuilder();
        final List<XmlElement> children = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        XmlElement build() {
            return new XmlElement(name, text.toString(), children);
        }
    }
}
