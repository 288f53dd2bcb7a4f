package io.routstr.gateway.rest.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds every request body ({@code MAX_REQUEST_BODY_BYTES}, Routstr §17): a declared {@code Content-Length} over the
 * limit is answered 413 at once, before authentication and without reading the body; a body sent without one (chunked)
 * is read through a stream that fails with {@link RequestBodyTooLargeException} at the first byte past the limit.
 * Reading the body may take {@link RequestLimits#bodyTimeout()} from the moment the request reached this filter
 * ({@code REQUEST_BODY_TIMEOUT_SECONDS}, Routstr §17): a read after it fails with {@link RequestBodyTimeoutException}
 * (answered 408 {@code request_body_timeout} by the error advice, or here when the handler's answer is not yet sent),
 * so a client trickling its body cannot hold a request open; a read that stalls is cut by the servlet container's read
 * timeout, set to the same bound, and answered the same way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final RequestLimits limits;
    private final ObjectMapper mapper;

    public RequestBodyLimitFilter(RequestLimits limits, ObjectMapper mapper) {
        this.limits = limits;
        this.mapper = mapper;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limits.maxBodyBytes()) {
            ResponseEntity<?> answer = RequestSizeErrors.bodyTooLarge(limits.maxBodyBytes(), request);
            byte[] body = mapper.writeValueAsBytes(answer.getBody());
            response.setStatus(answer.getStatusCode().value());
            response.setContentType("application/json");
            response.setContentLength(body.length);
            // The unread body is not swallowed past server.tomcat.max-swallow-size: the connection closes after this
            // answer, which is flushed first so that it is sent whole.
            response.setHeader("Connection", "close");
            response.getOutputStream().write(body);
            response.flushBuffer();
            return;
        }
        BoundedBodyRequest bounded = new BoundedBodyRequest(
                request,
                limits.maxBodyBytes(),
                System.nanoTime() + limits.bodyTimeout().toNanos());
        chain.doFilter(bounded, response);
        if (bounded.timedOut() && !response.isCommitted()) {
            response.reset();
            ResponseEntity<?> answer = RequestSizeErrors.bodyTimedOut(request);
            byte[] body = mapper.writeValueAsBytes(answer.getBody());
            response.setStatus(answer.getStatusCode().value());
            response.setContentType("application/json");
            response.setContentLength(body.length);
            // The rest of the body is never read: the connection closes after this answer.
            response.setHeader("Connection", "close");
            response.getOutputStream().write(body);
            response.flushBuffer();
        }
    }

    /** The request with its body stream cut off past the limit. */
    private static final class BoundedBodyRequest extends HttpServletRequestWrapper {

        private final long limit;
        private final long deadline;
        private BoundedInputStream bounded;

        BoundedBodyRequest(HttpServletRequest request, long limit, long deadline) {
            super(request);
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (bounded == null) {
                bounded = new BoundedInputStream(super.getInputStream(), limit, deadline);
            }
            return bounded;
        }

        boolean timedOut() {
            return bounded != null && bounded.timedOut;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** Counts what is read and fails past the limit, or once the deadline ({@link System#nanoTime()}) has passed. */
    private static final class BoundedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private final long deadline;
        private long read;
        private volatile boolean timedOut;

        BoundedInputStream(ServletInputStream in, long limit, long deadline) {
            this.in = in;
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            int b = timed(in::read);
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = timed(() -> in.read(buffer, offset, length));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        /**
         * A read that is only taken before the deadline, and counts as late if it ends after it, fails at it, or is cut
         * by the container for receiving nothing: Jetty counts that silence from the last byte that arrived, which may
         * be before this request reached the filter, so its cut can come a moment before the deadline.
         */
        private int timed(Read read) throws IOException {
            checkDeadline();
            int n;
            try {
                n = read.read();
            } catch (IOException e) {
                if (isReadTimeout(e)) {
                    timedOut = true;
                    throw new RequestBodyTimeoutException();
                }
                checkDeadline();
                throw e;
            }
            checkDeadline();
            return n;
        }

        private void checkDeadline() throws RequestBodyTimeoutException {
            if (System.nanoTime() - deadline >= 0) {
                timedOut = true;
                throw new RequestBodyTimeoutException();
            }
        }

        /**
         * Whether the container cut the read for silence: Tomcat's upload timeout ({@link SocketTimeoutException}) or
         * Jetty's idle timeout ({@link TimeoutException}), each set to the body timeout.
         */
        private static boolean isReadTimeout(IOException failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                    return true;
                }
            }
            return false;
        }

        @FunctionalInterface
        private interface Read {
            int read() throws IOException;
        }

        private void count(int n) throws RequestBodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new RequestBodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
