package io.replikey.server.replication;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * The source account one scan replicates, as its listings name it: the origin of the source URL
 * ({@code https://host:port}, scheme and host in lower case, port 443 when the URL gives none)
 * and the {@code acct_id} that DSM puts on every listed group and security object. The first item
 * listed names the account; an item naming another is a malformed source. The destination cannot
 * know the account before it lists (DSM documents no call that names the caller's account), and
 * cannot tell two origins apart that reach one cluster (a host name and its address).
 *
 * <p>Not thread-safe; one per scan.
 */
final class SourceAccount {
    private static final int HTTPS_PORT = 443;

    private final String origin;
    private UUID acctId;

    SourceAccount(URI sourceUrl) {
        this.origin = origin(sourceUrl);
    }

    /** The origin that names a source cluster: {@code scheme://host:port}, in lower case, with the port. */
    static String origin(URI url) {
        int port = url.getPort() == -1 ? HTTPS_PORT : url.getPort();
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    String origin() {
        return origin;
    }

    /** The account's id, or null while nothing was listed. */
    UUID acctId() {
        return acctId;
    }

    /**
     * Checks that every item of a listed page belongs to the scan's account, before any of the page
     * is written; the first item ever listed names it. Returns true when this page named it.
     *
     * @param what names an item in the error, e.g. "group"
     * @throws SourceException when an item names no account or another one
     */
    <T> boolean admit(List<T> page, Function<T, UUID> accountOf, Function<T, UUID> idOf, String what) {
        boolean named = acctId == null && !page.isEmpty();
        for (T item : page) {
            UUID listed = accountOf.apply(item);
            if (listed == null) {
                throw SourceFields.malformed("the source lists " + what + " " + idOf.apply(item)
                        + " without an acct_id");
            }
            if (acctId == null) {
                acctId = listed;
            } else if (!acctId.equals(listed)) {
                throw SourceFields.malformed("the source lists " + what + " " + idOf.apply(item) + " of account "
                        + listed + " among those of account " + acctId);
            }
        }
        return named;
    }
}
