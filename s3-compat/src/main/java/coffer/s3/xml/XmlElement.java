package coffer.s3.xml;

import java.util.List;
import java.util.Optional;

/** One element of a parsed request document: its local name, its text and its child elements, in order. */
public record XmlElement(String name, String text, List<XmlElement> children) {

    public XmlElement {
        children = List.copyOf(children);
    }

    public Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    public List<XmlElement> childrenNamed(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The trimmed text of the named child, if present. */
    public Optional<String> childText(String childName) {
        return child(childName).map(c -> c.text.trim());
    }
}
