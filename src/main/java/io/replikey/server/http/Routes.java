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

    private Routes() {
    }

    static void register(RouteTable r, SystemHandler system, UserHandler users, SessionHandler sessions,
            AccountHandler accounts, ReplicationHandler replication, ScanHandler scans, AppHandler apps) {
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
    }
}
