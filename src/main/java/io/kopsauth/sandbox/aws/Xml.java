package io.kopsauth.sandbox.aws;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** A small XML writer for AWS responses, and a namespace-agnostic reader for S3 request bodies. */
final class Xml {
    private final StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final List<String> open = new ArrayList<>();

    Xml start(String name) {
        return start(name, null);
    }

    Xml start(String name, String xmlns) {
        sb.append('<').append(name);
        if (xmlns != null) sb.append(" xmlns=\"").append(xmlns).append('"');
        sb.append('>');
        open.add(name);
        return this;
    }

    Xml end() {
        String name = open.remove(open.size() - 1);
        sb.append("</").append(name).append('>');
        return this;
    }

    /** An element with text content; skipped when the value is null. */
    Xml elem(String name, Object value) {
        if (value == null) return this;
        sb.append('<').append(name).append('>');
        escape(value.toString());
        sb.append("</").append(name).append('>');
        return this;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
    }

    @Override
    public String toString() {
        while (!open.isEmpty()) end();
        return sb.toString();
    }

    /** Parses a request body; throws MalformedXML as S3 does for anything that is not well-formed. */
    static Element parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document d = b.parse(new ByteArrayInputStream(body));
            return d.getDocumentElement();
        } catch (Exception e) {
            throw malformed();
        }
    }

    static AwsException malformed() {
        return new AwsException(400, "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema");
    }

    /** Direct children with this local name. */
    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(local(e))) out.add(e);
        }
        return out;
    }

    static Element child(Element parent, String localName) {
        List<Element> l = children(parent, localName);
        return l.isEmpty() ? null : l.get(0);
    }

    /** The trimmed text of the first child with this name, or null. */
    static String text(Element parent, String localName) {
        Element e = child(parent, localName);
        return e == null ? null : e.getTextContent().trim();
    }

    static String local(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }
}
