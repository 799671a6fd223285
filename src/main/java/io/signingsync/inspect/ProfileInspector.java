package io.signingsync.inspect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSTypedData;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads a provisioning profile: a CMS SignedData envelope (DER) whose content is an XML
 * property list. Bouncy Castle opens the envelope; the JDK's XML parser, with external
 * entities and DTD loading off, reads the plist. The envelope's signature is not verified:
 * Xcode and the build machine do that, and the sync only needs the fields.
 */
public final class ProfileInspector {

    public ProfileInfo inspect(byte[] bytes) throws InspectionException {
        Element plist = plistRoot(signedContent(bytes));
        Element dictionary = firstChildElement(plist, "dict");
        if (dictionary == null) {
            throw new InspectionException("is not a provisioning profile (its plist has no top-level dict)");
        }
        String uuid = string(dictionary, "UUID");
        String name = string(dictionary, "Name");
        if (uuid == null || name == null || uuid.isBlank() || name.isBlank()) {
            throw new InspectionException("is not a provisioning profile (its plist has no UUID or Name, or an"
                    + " empty one)");
        }
        List<String> teams = strings(dictionary, "TeamIdentifier");
        Element entitlements = valueOf(dictionary, "Entitlements");
        String appIdentifier = entitlements == null ? null : string(entitlements, "application-identifier");
        if (appIdentifier == null && entitlements != null) {
            appIdentifier = string(entitlements, "com.apple.application-identifier");
        }
        return new ProfileInfo(uuid, name, teams.isEmpty() ? "" : teams.get(0),
                appIdentifier == null ? "" : appIdentifier, expirationDate(dictionary),
                developerCertificates(dictionary));
    }

    private static byte[] signedContent(byte[] bytes) throws InspectionException {
        try {
            CMSTypedData content = new CMSSignedData(bytes).getSignedContent();
            if (content == null || !(content.getContent() instanceof byte[] payload)) {
                throw new InspectionException("is not a provisioning profile (its CMS envelope has no content)");
            }
            return payload;
        } catch (CMSException | RuntimeException e) {
            throw new InspectionException("is not a provisioning profile (not a CMS-signed plist: "
                    + e.getClass().getSimpleName() + "); download it again from the Apple Developer portal", e);
        }
    }

    private static Element plistRoot(byte[] xml) throws InspectionException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Document document = builder.parse(new ByteArrayInputStream(xml));
            Element root = document.getDocumentElement();
            if (!"plist".equals(root.getTagName())) {
                throw new InspectionException("is not a provisioning profile (its content is not a plist)");
            }
            return root;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new InspectionException("is not a provisioning profile (its plist cannot be parsed: "
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static Instant expirationDate(Element dictionary) throws InspectionException {
        Element date = valueOf(dictionary, "ExpirationDate");
        if (date == null || !"date".equals(date.getTagName())) {
            throw new InspectionException("is not a provisioning profile (its plist has no ExpirationDate)");
        }
        try {
            return Instant.parse(date.getTextContent().strip());
        } catch (DateTimeParseException e) {
            throw new InspectionException("has an unreadable ExpirationDate '" + date.getTextContent().strip() + "'");
        }
    }

    private static List<CertificateInfo> developerCertificates(Element dictionary) throws InspectionException {
        List<CertificateInfo> certificates = new ArrayList<>();
        Element array = valueOf(dictionary, "DeveloperCertificates");
        if (array == null) {
            return certificates;
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Element data : childElements(array)) {
                byte[] der = Base64.getMimeDecoder().decode(data.getTextContent().strip());
                certificates.add(CertificateInfo.of(
                        (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der))));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new InspectionException("has a DeveloperCertificates entry that is not a certificate", e);
        }
        return certificates;
    }

    /** Returns the element that follows {@code <key>name</key>} in a plist dict. */
    private static Element valueOf(Element dictionary, String key) {
        List<Element> children = childElements(dictionary);
        for (int i = 0; i + 1 < children.size(); i++) {
            Element child = children.get(i);
            if ("key".equals(child.getTagName()) && key.equals(child.getTextContent())) {
                return children.get(i + 1);
            }
        }
        return null;
    }

    private static String string(Element dictionary, String key) {
        Element value = valueOf(dictionary, key);
        return value != null && "string".equals(value.getTagName()) ? value.getTextContent() : null;
    }

    private static List<String> strings(Element dictionary, String key) {
        Element array = valueOf(dictionary, key);
        List<String> values = new ArrayList<>();
        if (array != null && "array".equals(array.getTagName())) {
            for (Element item : childElements(array)) {
                values.add(item.getTextContent());
            }
        }
        return values;
    }

    private static Element firstChildElement(Element parent, String tag) {
        return childElements(parent).stream().filter(e -> tag.equals(e.getTagName())).findFirst().orElse(null);
    }

    private static List<Element> childElements(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
