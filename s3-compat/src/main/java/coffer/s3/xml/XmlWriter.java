package coffer.s3.xml;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds the small XML documents S3 answers with (listings, errors, locations). Escapes text and attribute values
 * and strips characters that XML 1.0 cannot carry. Not thread-safe.
 */
public final class XmlWriter {
    public static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final StringBuilder out = new StringBuilder(512);
    private final Deque<String> open = new ArrayDeque<>();

    public XmlWriter() {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /** Opens the root element in the S3 namespace. */
    public XmlWriter root(String name) {
        out.append('<').append(name).append(" xmlns=\"").append(S3_NAMESPACE).append("\">");
        open.push(name);
        return this;
    }

    /** Opens a root element without a namespace (S3 error documents have none). */
    public XmlWriter plainRoot(String name) {
        return start(name);
    }

    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Opens an element with attributes given as name, value pairs (values are escaped). */
    public XmlWriter start(String name, String... attributes) {
        out.append('<').append(name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"");
            escape(attributes[i + 1]);
            out.append('"');
        }
        out.append('>');
        open.push(name);
        return this;
    }

    public XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>text</name>}; a null text writes nothing. */
    public XmlWriter element(String name, String text) {
        if (text != null) {
            out.append('<').append(name).append('>');
            escape(text);
            out.append("</").append(name).append('>');
        }
        return this;
    }

    /** Escaped text inside the element that is open. */
    public XmlWriter text(String text) {
        escape(text);
        return this;
    }

    public XmlWriter element(String name, long value) {
        return element(name, Long.toString(value));
    }

    public XmlWriter element(String name, boolean value) {
        return element(name, Boolean.toString(value));
    }

    /** Writes an element that is present but empty, such as {@code <LocationConstraint/>}. */
    public XmlWriter empty(String name) {
        out.append('<').append(name).append("/>");
        return this;
    }

    @Override
    public String toString() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed element " + open.peek());
        }
        return out.toString();
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n') {
                        // XML 1.0 cannot carry other control characters even as references; S3 clients that
                        // need them ask for encoding-type=url.
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
