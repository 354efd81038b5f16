package io.replikey.server.http;

import static io.replikey.server.http.SlowConnectionReaper.headersOverdue;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser.State;
import org.junit.jupiter.api.Test;

/** The reaper's judgement of a parser read from another thread; the slow-client end-to-end tests cover the rest. */
class SlowConnectionReaperTest {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);
    private static final long NOW = TimeUnit.HOURS.toNanos(50); // nanoTime's origin is arbitrary
    private static final long LONG_AGO = NOW - TimeUnit.SECONDS.toNanos(11);

    @Test
    void headersBegunLongerAgoThanTheTimeoutAreOverdue() {
        for (State state : new State[] {State.METHOD, State.URI, State.REQUEST_VERSION, State.HEADER}) {
            assertThat(headersOverdue(LONG_AGO, state, LONG_AGO, NOW, TIMEOUT)).as(state.name()).isTrue();
        }
    }

    @Test
    void headersWithinTheTimeoutAreNot() {
        long recent = NOW - TimeUnit.SECONDS.toNanos(9);
        assertThat(headersOverdue(recent, State.HEADER, recent, NOW, TIMEOUT)).isFalse();
    }

    @Test
    void aReadStraddlingTheEndOfOneRequestAndTheStartOfTheNextIsNotJudged() {
        // A parser just reset (begin 0) while the state read still saw the request's headers.
        assertThat(headersOverdue(0, State.HEADER, 0, NOW, TIMEOUT)).isFalse();
        // The next request began between the two reads of the begin time.
        assertThat(headersOverdue(LONG_AGO, State.METHOD, NOW, NOW, TIMEOUT)).isFalse();
        assertThat(headersOverdue(0, State.METHOD, NOW, NOW, TIMEOUT)).isFalse();
    }

    @Test
    void aConnectionBetweenRequestsOrPastItsHeadersIsNotJudgedByThisRule() {
        for (State state : new State[] {State.START, State.CONTENT, State.CHUNKED_CONTENT, State.END}) {
            assertThat(headersOverdue(LONG_AGO, state, LONG_AGO, NOW, TIMEOUT)).as(state.name()).isFalse();
        }
    }
}
