package io.replikey.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads every request body in full, asynchronously, before the application sees the request.
 *
 * <p>Why: the application reads bodies with blocking I/O on a worker thread. A client that
 * declares a body and sends it slowly, or never, would hold that thread until the idle timeout,
 * and a few hundred such clients take every worker (issue 5). Here the body is collected by
 * non-blocking demand callbacks that hold no thread between chunks, under a total deadline: a
 * body not complete within {@code timeout} is answered 408 and its connection closed. A body
 * larger than {@code maxBytes} (announced or counted) is answered 413 at once; what the client
 * still sends is then read and dropped, without a thread, up to {@code discardLimit} bytes and
 * within the same deadline, so that the answer is not lost to a TCP reset and the connection is
 * closed cleanly. The application then always finds the whole body in memory and never waits.
 *
 * <p>Limits: at most {@code maxBytes} are held per request. Thread-safe: one instance serves
 * every request; per-request state lives in a {@link BodyReader}.
 */
final class CompleteBodyHandler extends Handler.Wrapper {
    private final int maxBytes;
    private final long discardLimit;
    private final Duration timeout;

    CompleteBodyHandler(int maxBytes, long discardLimit, Duration timeout) {
        this.maxBytes = maxBytes;
        this.discardLimit = discardLimit;
        this.timeout = timeout;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getLength() <= 0 && !request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            return super.handle(request, response, callback);
        }
        new BodyReader(request, response, callback).start();
        return true;
    }

    /** Dispatches the request with its whole body, answering 404 when no route takes it. */
    private void dispatch(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                Response.writeError(request, response, callback, 404);
            }
        } catch (Throwable t) {
            Response.writeError(request, response, callback, t);
        }
    }

    /**
     * The body of one request: collected, then dispatched; or refused, then drained. What happens
     * to the request is decided once ({@link #decided}), whichever of the demand callback and the
     * deadline comes first; Jetty's callback is completed once ({@link #completed}).
     */
    private final class BodyReader implements Invocable.Task {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final AtomicBoolean decided = new AtomicBoolean();
        private final AtomicBoolean completed = new AtomicBoolean();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private volatile boolean discarding;
        private long discarded;
        private Scheduler.Task deadline;

        BodyReader(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void start() {
            deadline = request.getComponents().getScheduler()
                    .schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (request.getLength() > maxBytes) {
                refuseTooLarge();
            }
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        /** Demand callback: more content may be available. It must not block, so it never dispatches inline. */
        @Override
        public void run() {
            read(false);
        }

        /** @param onHandlerThread whether this runs on the thread Jetty handed the request to (may block) */
        private void read(boolean onHandlerThread) {
            while (!decided.get() || discarding) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    unreadable();
                    return;
                }
                boolean last = chunk.isLast();
                accept(chunk.getByteBuffer());
                chunk.release();
                if (discarding && (last || discarded > discardLimit)) {
                    complete();
                    return;
                }
                if (last && !discarding) {
                    dispatchOnce(onHandlerThread);
                    return;
                }
            }
        }

        private void accept(ByteBuffer bytes) {
            if (!discarding && body.size() + bytes.remaining() > maxBytes) {
                refuseTooLarge();
            }
            if (discarding) {
                discarded += bytes.remaining();
                return;
            }
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            body.writeBytes(copy);
        }

        private void dispatchOnce(boolean onHandlerThread) {
            if (decided.compareAndSet(false, true)) {
                deadline.cancel();
                Request complete = new CompleteBodyRequest(request, body.toByteArray());
                if (onHandlerThread) {
                    dispatch(complete, response, callback);
                } else {
                    request.getContext().execute(() -> dispatch(complete, response, callback));
                }
            }
        }

        private void refuseTooLarge() {
            if (decided.compareAndSet(false, true)) {
                discarding = true;
                // The answer goes out now; the request completes once the rest is drained or the deadline passes.
                ErrorMapper.writePlain(response, 413, "request body exceeds " + maxBytes + " bytes", Callback.NOOP);
            }
        }

        private void expire() {
            if (discarding) {
                complete();
            } else if (decided.compareAndSet(false, true)) {
                answer(408, "request body not received within " + timeout.toSeconds() + " seconds");
            }
        }

        /** The transport failed or the framing is broken (e.g. bad chunked encoding). */
        private void unreadable() {
            if (discarding) {
                complete();
            } else if (decided.compareAndSet(false, true)) {
                answer(400, "request body could not be read");
            }
        }

        private void answer(int status, String message) {
            deadline.cancel();
            if (completed.compareAndSet(false, true)) {
                ErrorMapper.writePlain(response, status, message, callback);
            }
        }

        private void complete() {
            deadline.cancel();
            if (completed.compareAndSet(false, true)) {
                callback.succeeded();
            }
        }
    }

    /** The request as the application sees it: its whole body in one chunk, then end of content. */
    private static final class CompleteBodyRequest extends Request.Wrapper {
        private Content.Chunk content;

        CompleteBodyRequest(Request wrapped, byte[] body) {
            super(wrapped);
            this.content = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk next = content;
            content = Content.Chunk.EOF;
            return next;
        }

        @Override
        public void demand(Runnable demandCallback) {
            // Content (or its end) is always available.
            demandCallback.run();
        }
    }
}
