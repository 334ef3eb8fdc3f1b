package io.kopsauth.token;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 GET over a socket that sends a {@code Host} header other than the server it connects to,
 * which the JDK's HTTP clients refuse: a token signed for {@code sts.<region>.amazonaws.com} is replayed against a
 * configured STS endpoint (the sandbox) with the host it was signed for.
 */
final class SocketHttpGet {
    /** Status code and body. */
    record Response(int status, String body) {}

    private SocketHttpGet() {}

    static Response get(URI server, String hostHeader, String pathAndQuery, Map<String, String> headers, Duration timeout)
            throws IOException {
        boolean tls = "https".equalsIgnoreCase(server.getScheme());
        int port = server.getPort() != -1 ? server.getPort() : tls ? 443 : 80;
        int millis = (int) timeout.toMillis();
        try (Socket socket = open(server.getHost(), port, tls, millis)) {
            StringBuilder req = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(hostHeader).append("\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Socket open(String host, int port, boolean tls, int millis) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), millis);
        plain.setSoTimeout(millis);
        if (!tls) return plain;
        SSLSocket s = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    static Response parse(byte[] raw) throws IOException {
        try {
            return parseOrThrow(raw);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP response: " + e.getMessage(), e);
        }
    }

    private static Response parseOrThrow(byte[] raw) throws IOException {
        String head;
        int bodyStart = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (bodyStart < 0) throw new IOException("malformed HTTP response (no end of headers)");
        head = new String(raw, 0, bodyStart, StandardCharsets.ISO_8859_1);
        bodyStart += 4;
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) throw new IOException("malformed HTTP status line: " + lines[0]);
        int status = Integer.parseInt(statusLine[1]);
        boolean chunked = false;
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c < 0) continue;
            String name = lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(c + 1).trim();
            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) chunked = true;
            if (name.equals("content-length")) length = Integer.parseInt(value);
        }
        byte[] body;
        if (chunked) {
            body = dechunk(raw, bodyStart);
        } else {
            int end = length < 0 ? raw.length : Math.min(raw.length, bodyStart + length);
            body = java.util.Arrays.copyOfRange(raw, bodyStart, end);
        }
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] raw, int pos) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int eol = indexOf(raw, "\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            if (eol < 0) throw new IOException("malformed chunked body");
            String size = new String(raw, pos, eol - pos, StandardCharsets.US_ASCII);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            pos = eol + 2;
            if (n == 0) return out.toByteArray();
            if (pos + n > raw.length) throw new IOException("truncated chunked body");
            out.write(raw, pos, n);
            pos += n + 2;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        return indexOf(hay, needle, 0);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
