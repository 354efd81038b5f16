package io.replikey.server.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes connections that take too long to say what they want: a total time limit where Jetty has
 * only an idle one, which every trickled byte resets (slowloris). Two rules, checked every
 * {@link #PERIOD}:
 * <ul>
 *   <li>a new connection must complete its TLS handshake and the headers of its first request
 *       within {@code headerTimeout} of being accepted;</li>
 *   <li>on any connection, the request line and headers must be complete within
 *       {@code headerTimeout} of their first byte.</li>
 * </ul>
 * Bodies have their own deadline ({@link CompleteBodyHandler}); idle keep-alive connections keep
 * Jetty's idle timeout. Such connections hold no worker thread (Jetty parses headers without one),
 * only a socket and a little memory, so closing them within seconds bounds what an attacker can
 * hold open.
 *
 * <p>Limits: a connection is closed up to {@link #PERIOD} after its deadline. It reads Jetty's
 * parser state from the reaper thread without synchronisation; a stale read only delays a close to
 * the next sweep. Thread-safe (a Jetty bean started and stopped with the server).
 */
final class SlowConnectionReaper extends AbstractLifeCycle {
    static final Duration PERIOD = Duration.ofMillis(500);
    private final ServerConnector connector;
    private final long headerTimeoutNanos;
    private final long headerTimeoutMillis;
    private volatile Scheduler.Task next;

    SlowConnectionReaper(ServerConnector connector, Duration headerTimeout) {
        this.connector = connector;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.headerTimeoutMillis = headerTimeout.toMillis();
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            next = connector.getScheduler().schedule(this::sweep, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            long nowMillis = System.currentTimeMillis();
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (tooSlow(endPoint, nowMillis)) {
                    endPoint.close();
                }
            }
        } finally {
            schedule();
        }
    }

    private boolean tooSlow(EndPoint endPoint, long nowMillis) {
        HttpConnection http = httpConnection(endPoint.getConnection());
        if (http == null) {
            return nowMillis - endPoint.getCreatedTimeStamp() > headerTimeoutMillis;
        }
        HttpParser parser = http.getParser();
        long begin = parser.getBeginNanoTime();
        HttpParser.State state = parser.getState();
        if (state == HttpParser.State.START) {
            return http.getMessagesIn() == 0 && nowMillis - endPoint.getCreatedTimeStamp() > headerTimeoutMillis;
        }
        return headersOverdue(begin, state, parser.getBeginNanoTime(), NanoTime.now(), headerTimeoutNanos);
    }

    /**
     * Whether the request line and headers of a request begun at {@code beginBefore} are overdue.
     * The parser runs on another thread, so its begin time is read before and after its state, and
     * only a state that cannot belong to another request counts: when a request ends, the parser is
     * reset (begin 0, state START) and the next one gets a new begin time. Reading the state and
     * the begin time once each closed a healthy keep-alive connection when a request ended between
     * the two reads (begin 0 read as "began at the epoch of nanoTime"). A changed or zero begin
     * time is judged again at the next sweep.
     */
    static boolean headersOverdue(long beginBefore, HttpParser.State state, long beginAfter, long nowNanos,
            long timeoutNanos) {
        boolean inHeaders = state != HttpParser.State.START && state.ordinal() < HttpParser.State.CONTENT.ordinal();
        return inHeaders && beginBefore != 0 && beginBefore == beginAfter && nowNanos - beginBefore > timeoutNanos;
    }

    /** The HTTP/1.1 connection behind a TLS connection, or null while there is none. */
    private static HttpConnection httpConnection(Connection connection) {
        Connection inner = connection instanceof SslConnection tls ? tls.getSslEndPoint().getConnection() : connection;
        return inner instanceof HttpConnection http ? http : null;
    }
}
