package io.replikey.wire;

import static io.replikey.wire.WireSamples.GROUP;
import static io.replikey.wire.WireSamples.KID;

import java.util.UUID;

/**
 * Request bodies as a DSM client sends them, one per operation, each with every field replikey
 * implements. {@code WireRequestParsingTest} checks first that each conforms to the contract.
 */
final class RequestBodies {
    static final UUID OTHER_GROUP = UUID.fromString("4d3c2b1a-0f9e-4d8c-a7b6-a5f4e3d2c1b0");
    static final String CERT_B64 = "MIIBszCCAVmgAwIBAgIUQ2VydA==";

    static final String CREATE_APP = """
            {"name":"payments","description":"signs invoices","app_type":"default","interface":"JCE",
             "role":"crypto","enabled":true,"credential":{"certificate":"%s"},
             "add_groups":{"%s":["SIGN","VERIFY"]},"mod_groups":{"%s":["EXPORT"]},"del_groups":["%s"],
             "default_group":"%s","secret_size":32}
            """.formatted(CERT_B64, GROUP, OTHER_GROUP, KID, GROUP);

    static final String RESET_SECRET = """
            {"secret_size":48}
            """;

    static final String CREATE_GROUP = """
            {"name":"finance","description":"keys of the finance team","custom_metadata":{"owner":"treasury"}}
            """;

    static final String IMPORT_KEY = """
            {"name":"data key","description":"AES-256","obj_type":"AES","key_size":256,
             "key_ops":["ENCRYPT","DECRYPT","EXPORT"],"enabled":true,"state":"Active",
             "custom_metadata":{"purpose":"backups"},"group_id":"%s",
             "value":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=","kcv":"9F8E7D"}
            """.formatted(GROUP);

    static final String GENERATE_EC_KEY = """
            {"name":"signing key","obj_type":"EC","elliptic_curve":"NistP384","key_ops":["SIGN","VERIFY"],
             "group_id":"%s"}
            """.formatted(GROUP);

    static final String GENERATE_RSA_KEY = """
            {"name":"rsa key","obj_type":"RSA","key_size":3072,"pub_exponent":65537,"key_ops":["SIGN","VERIFY"]}
            """;

    static final String BY_KID = """
            {"kid":"%s"}
            """.formatted(KID);

    static final String ENCRYPT_GCM = """
            {"key":{"kid":"%s"},"alg":"AES","plain":"aGVsbG8=","mode":"GCM","iv":"AAAAAAAAAAAAAAAA",
             "ad":"aGVhZGVy","tag_len":128}
            """.formatted(KID);

    static final String DECRYPT_OAEP = """
            {"key":{"name":"rsa key"},"alg":"RSA","cipher":"c2VjcmV0","mode":{"OAEP":{"mgf":{"mgf1":{"hash":"SHA256"}}}},
             "iv":"AAAAAAAAAAAAAAAA","ad":"aGVhZGVy","tag":"dGFndGFndGFndGFn"}
            """;

    static final String SIGN_PSS = """
            {"key":{"kid":"%s"},"hash_alg":"SHA256","data":"aGVsbG8=",
             "mode":{"PSS":{"mgf":{"mgf1":{"hash":"SHA256"}}}}}
            """.formatted(KID);

    static final String VERIFY_PKCS1 = """
            {"key":{"kid":"%s"},"hash_alg":"SHA384","hash":"%s","mode":{"PKCS1_V15":{}},"signature":"c2ln"}
            """.formatted(KID, "A".repeat(64));

    private RequestBodies() {
    }
}
