package org.parledger.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Answers read from a raw socket, for tests that send what an HTTP client would not (slow, pipelined, unread). */
final class RawHttp {
    private RawHttp() {
    }

    /** Everything the server sends on the connection until it closes it (a read timeout fails the test). */
    static String answerThenEnd(Socket socket) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            socket.getInputStream().transferTo(answer);
        } catch (SocketException reset) {
            // Closed with part of the body unread, the connection may end in a reset after the answer.
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** One answer with a Content-Length (the connection stays open). */
    static String readOne(InputStream in) throws IOException {
        String headers = head(in);
        int length = Integer.parseInt(headers.lines().filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
                .findFirst().orElseThrow(() -> new AssertionError("no Content-Length in " + headers)).substring(15).trim());
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** An answer's status line and headers, up to and with the blank line that ends them. */
    static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed after " + head);
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The status line with one space after it ("HTTP/1.1 200 "), to compare whatever reason phrase follows. */
    static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return (end < 0 ? answer : answer.substring(0, end)).stripTrailing() + " ";
    }

    /** The JSON body of an answer, chunked or not. */
    static String body(String answer) {
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        return body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
    }
}
