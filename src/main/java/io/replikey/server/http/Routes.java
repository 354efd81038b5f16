package io.replikey.server.http;

import io.javalin.config.RoutesConfig;

/** The route table: every endpoint replikey serves, in one place. */
final class Routes {
    private static final String ACCOUNT = "/sys/v1/accounts/{acct_id}";
    private static final String CREDENTIALS = ACCOUNT + "/replication/credentials";
    private static final String CREDENTIAL = CREDENTIALS + "/{credential_id}";

    private Routes() {
    }

    static void register(RoutesConfig r, SystemHandler system, UserHandler users, SessionHandler sessions,
            AccountHandler accounts, ReplicationHandler replication) {
        r.get("/sys/v1/health", system::health);
        r.get("/sys/v1/version", system::version);

        r.post("/sys/v1/users", users::signup);
        r.get("/sys/v1/users/{user_id}", users::get);

        r.post("/sys/v1/session/auth", sessions::authenticate);
        r.post("/sys/v1/session/select_account", sessions::selectAccount);
        r.post("/sys/v1/session/refresh", sessions::refresh);
        r.post("/sys/v1/session/terminate", sessions::terminate);

        r.post("/sys/v1/accounts", accounts::create);
        r.get("/sys/v1/accounts", accounts::list);
        r.get(ACCOUNT, accounts::get);
        r.patch(ACCOUNT, accounts::update);
        r.delete(ACCOUNT, accounts::delete);

        r.post(CREDENTIALS, replication::create);
        r.get(CREDENTIALS, replication::list);
        r.get(CREDENTIAL, replication::get);
        r.patch(CREDENTIAL, replication::update);
        r.delete(CREDENTIAL, replication::delete);
        r.post(CREDENTIAL + "/self_sign", replication::selfSign);
    }
}
