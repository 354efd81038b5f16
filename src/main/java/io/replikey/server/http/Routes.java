package io.replikey.server.http;

import static io.replikey.server.http.Accepts.USER;
import static io.replikey.server.http.Accepts.USER_OR_APP;

/**
 * The route table: every endpoint replikey serves, in one place, with the principals each
 * admits (routes without one are open).
 */
final class Routes {
    private static final String ACCOUNT = "/sys/v1/accounts/{acct_id}";
    private static final String CREDENTIALS = ACCOUNT + "/replication/credentials";
    private static final String CREDENTIAL = CREDENTIALS + "/{credential_id}";
    private static final String REPLICATION = ACCOUNT + "/replication";
    private static final String APPS = "/sys/v1/apps";
    private static final String APP = APPS + "/{app_id}";
    private static final String GROUPS = "/sys/v1/groups";
    private static final String GROUP = GROUPS + "/{group_id}";
    private static final String KEYS = "/crypto/v1/keys";
    private static final String KEY = KEYS + "/{key_id}";

    private Routes() {
    }

    static void register(RouteTable r, SystemHandler system, UserHandler users, SessionHandler sessions,
            AccountHandler accounts, ReplicationHandler replication, AppHandler apps, GroupHandler groups,
            KeyHandler keys, CryptoHandler crypto, ScanHandler scans) {
        r.get("/sys/v1/health", system::health);
        r.get("/sys/v1/version", system::version);

        r.post("/sys/v1/users", users::signup);
        r.get("/sys/v1/users/{user_id}", USER, users::get);

        r.post("/sys/v1/session/auth", sessions::authenticate);
        r.post("/sys/v1/session/select_account", USER, sessions::selectAccount);
        r.post("/sys/v1/session/refresh", USER, sessions::refresh);
        r.post("/sys/v1/session/terminate", USER, sessions::terminate);

        r.post("/sys/v1/accounts", USER, accounts::create);
        r.get("/sys/v1/accounts", USER, accounts::list);
        r.get(ACCOUNT, USER, accounts::get);
        r.patch(ACCOUNT, USER, accounts::update);
        r.delete(ACCOUNT, USER, accounts::delete);

        r.post(CREDENTIALS, USER, replication::create);
        r.get(CREDENTIALS, USER, replication::list);
        r.get(CREDENTIAL, USER, replication::get);
        r.patch(CREDENTIAL, USER, replication::update);
        r.delete(CREDENTIAL, USER, replication::delete);
        r.post(CREDENTIAL + "/self_sign", USER, replication::selfSign);
        r.post(CREDENTIAL + "/test", USER, scans::testCredential); // replikey extension
        r.get(REPLICATION + "/recent_scan_summary", USER, scans::recentSummary);
        r.post(REPLICATION + "/scan", USER, scans::start); // replikey extension
        r.get(REPLICATION + "/scans", USER, scans::history); // replikey extension

        r.post(APPS, USER_OR_APP, apps::create);
        r.get(APPS, USER_OR_APP, apps::list);
        r.get(APP, USER_OR_APP, apps::get);
        r.patch(APP, USER_OR_APP, apps::update);
        r.delete(APP, USER_OR_APP, apps::delete);
        r.get(APP + "/credential", USER_OR_APP, apps::credential);
        r.post(APP + "/reset_secret", USER_OR_APP, apps::resetSecret);

        r.post(GROUPS, USER_OR_APP, groups::create);
        r.get(GROUPS, USER_OR_APP, groups::list);
        r.get(GROUP, USER_OR_APP, groups::get);
        r.patch(GROUP, USER_OR_APP, groups::update);
        r.delete(GROUP, USER_OR_APP, groups::delete);

        r.post(KEYS, USER_OR_APP, keys::generate);
        r.put(KEYS, USER_OR_APP, keys::importObject);
        r.get(KEYS, USER_OR_APP, keys::list);
        r.post(KEYS + "/info", USER_OR_APP, keys::info);
        r.post(KEYS + "/export", USER_OR_APP, keys::export);
        r.get(KEY, USER_OR_APP, keys::get);
        r.patch(KEY, USER_OR_APP, keys::update);
        r.delete(KEY, USER_OR_APP, keys::delete);
        r.post(KEY + "/export", USER_OR_APP, keys::exportById);

        r.post("/crypto/v1/encrypt", USER_OR_APP, crypto::encrypt);
        r.post("/crypto/v1/decrypt", USER_OR_APP, crypto::decrypt);
        r.post("/crypto/v1/sign", USER_OR_APP, crypto::sign);
        r.post("/crypto/v1/verify", USER_OR_APP, crypto::verify);
        r.post(KEY + "/encrypt", USER_OR_APP, crypto::encryptWithKey);
        r.post(KEY + "/decrypt", USER_OR_APP, crypto::decryptWithKey);
        r.post(KEY + "/sign", USER_OR_APP, crypto::signWithKey);
        r.post(KEY + "/verify", USER_OR_APP, crypto::verifyWithKey);
    }
}
