package io.replikey.server.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.replikey.server.access.AccountRole;
import io.replikey.server.domain.PurposeKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store contract for groups, apps, app memberships and security objects, on every dialect:
 * uniqueness decided by the database under concurrency and across nodes, same-account integrity,
 * deletion rules, and listings that page exactly, also while objects come and go between pages.
 */
abstract class SecurityObjectStoreContract extends StoreFixture {
    /** Enough rows that pages, offsets and keysets are exercised well past one page of 1,000. */
    static final int MANY = 2_500;
    static final int PAGE = 97;

    UUID acctId;
    GroupRecord group;

    @BeforeEach
    void givenAccountWithAGroup() {
        acctId = givenAccount();
        group = givenGroup(acctId, "default");
    }

    // ---- groups ----

    @Test
    void groupRoundTripsAndIsFoundByIdAndName() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("owner", "team \"blue\", ünïcode");
        metadata.put("", "empty key");
        GroupRecord withAll = new GroupRecord(UUID.randomUUID(), acctId, "payments", "keys for payments", metadata,
                new Creator("user", UUID.randomUUID()), T0 + 1);

        assertThat(insertGroup(withAll)).isTrue();

        assertThat(find(tx -> tx.groups().byId(acctId, withAll.groupId()))).contains(withAll);
        assertThat(find(tx -> tx.groups().byName(acctId, "payments"))).contains(withAll);
        assertThat(find(tx -> tx.groups().byId(acctId, group.groupId()))).contains(group);
    }

    @Test
    void groupNamesAreUniquePerAccountOnly() {
        GroupRecord clash = newGroup(acctId, "default");
        UUID otherAccount = givenAccount();

        assertThat(insertGroup(clash)).isFalse();
        assertThat(insertGroup(newGroup(otherAccount, "default"))).isTrue();

        assertThat(find(tx -> tx.groups().byId(acctId, clash.groupId()))).isEmpty();
        assertThat(find(tx -> tx.groups().byName(acctId, "default"))).contains(group);
    }

    @Test
    void renamingAGroupOntoATakenNameIsRefusedAndChangesNothing() {
        GroupRecord second = givenGroup(acctId, "second");
        GroupRecord renamed = new GroupRecord(second.groupId(), acctId, "default", "changed", Map.of("a", "b"),
                second.creator(), second.createdAt());

        assertThat(writes(tx -> tx.groups().update(renamed))).isFalse();
        assertThat(find(tx -> tx.groups().byId(acctId, second.groupId()))).contains(second);

        GroupRecord fine = new GroupRecord(second.groupId(), acctId, "third", "changed", null, second.creator(),
                second.createdAt());
        assertThat(writes(tx -> tx.groups().update(fine))).isTrue();
        assertThat(find(tx -> tx.groups().byId(acctId, second.groupId()))).contains(fine);
    }

    @Test
    void anotherAccountsGroupAnswersLikeAMissingOne() {
        UUID intruder = givenAccount();
        GroupRecord hijack = new GroupRecord(group.groupId(), intruder, "mine", null, null, group.creator(), T0);

        assertThat(find(tx -> tx.groups().byId(intruder, group.groupId()))).isEmpty();
        assertThat(findLocked(tx -> tx.groups().lockById(intruder, group.groupId()))).isEmpty();
        assertThat(find(tx -> tx.groups().byName(intruder, "default"))).isEmpty();
        assertThat(deletion(tx -> tx.groups().delete(intruder, group.groupId()))).isEqualTo(GroupDao.Deletion.NOT_FOUND);
        write(tx -> tx.groups().update(hijack));

        assertThat(find(tx -> tx.groups().byId(acctId, group.groupId()))).contains(group);
    }

    @Test
    void aGroupHoldingObjectsCannotBeDeletedUntilItIsEmpty() {
        SecurityObjectRecord object = givenObject(newObject(group, "aes"));

        assertThat(deletion(tx -> tx.groups().delete(acctId, group.groupId())))
                .isEqualTo(GroupDao.Deletion.HOLDS_OBJECTS);
        assertThat(find(tx -> tx.groups().byId(acctId, group.groupId()))).contains(group);

        assertThat(writes(tx -> tx.securityObjects().delete(acctId, object.kid()))).isTrue();
        assertThat(deletion(tx -> tx.groups().delete(acctId, group.groupId()))).isEqualTo(GroupDao.Deletion.DELETED);
        assertThat(deletion(tx -> tx.groups().delete(acctId, group.groupId()))).isEqualTo(GroupDao.Deletion.NOT_FOUND);
    }

    @Test
    void theDatabaseItselfRefusesToDeleteAGroupThatHoldsObjects() {
        givenObject(newObject(group, "aes"));

        assertThatThrownBy(() -> executeRaw("DELETE FROM groups WHERE group_id = '" + group.groupId() + "'"))
                .isInstanceOf(SQLException.class);
        assertThat(find(tx -> tx.groups().byId(acctId, group.groupId()))).contains(group);
    }

    @Test
    void concurrentCreatesOfOneGroupNameOnTwoNodesCreateExactlyOne() throws Exception {
        GroupRecord winner = theOneInsertThatWins(i -> newGroup(acctId, "race"), (tx, g) -> tx.groups().insert(g));

        assertThat(find(tx -> tx.groups().byName(acctId, "race"))).contains(winner);
        assertThat(readCount(tx -> tx.groups().count(acctId, null))).isEqualTo(2);
    }

    // ---- security objects ----

    @Test
    void securityObjectRoundTripsByteExact() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("purpose", "tests");
        metadata.put("quote", "\"\\,");
        SecurityObjectRecord object = new SecurityObjectRecord(UUID.randomUUID(), acctId, group.groupId(),
                "rsa ✓ 𝄞", "RSA", 4096, null, List.of("SIGN", "VERIFY", "EXPORT", "APPMANAGEABLE"), false,
                "Deactivated", "FortanixHSM", false, metadata, "a key", new Creator("app", UUID.randomUUID()),
                T0, T0 + 5, everyByteValue(), "a1b2c3", bytes(2400), 3);

        givenObject(object);

        SecurityObjectRecord found = read(tx -> tx.securityObjects().byId(acctId, object.kid())).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(object);
        assertThat(found.sealedMaterial()).isEqualTo(object.sealedMaterial());
        assertThat(found.pubKey()).isEqualTo(object.pubKey());
        assertThat(find(tx -> tx.securityObjects().byName(acctId, "rsa ✓ 𝄞"))).get()
                .usingRecursiveComparison().isEqualTo(object);
    }

    @Test
    void objectsAreReadByIdsWithinTheAccountOnly() {
        SecurityObjectRecord first = givenObject(newObject(group, "first"));
        SecurityObjectRecord second = givenObject(newObject(group, "second"));
        givenObject(newObject(group, "not asked"));
        UUID otherAccount = givenAccount();
        SecurityObjectRecord foreign = givenObject(newObject(givenGroup(otherAccount, "theirs"), "foreign"));

        List<SecurityObjectRecord> found = read(tx -> tx.securityObjects().byIds(acctId,
                List.of(first.kid(), second.kid(), foreign.kid(), UUID.randomUUID())));

        assertThat(found).extracting(SecurityObjectRecord::kid)
                .containsExactlyInAnyOrder(first.kid(), second.kid());
        List<SecurityObjectRecord> none = read(tx -> tx.securityObjects().byIds(acctId, List.of()));
        assertThat(none).isEmpty();
    }

    @Test
    void theAccountsKidsAreWalkedInKidOrderPageByPage() {
        List<UUID> kids = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            kids.add(givenObject(newObject(group, "walk " + i)).kid());
        }
        givenObject(newObject(givenGroup(givenAccount(), "theirs"), "foreign"));
        kids.sort(java.util.Comparator.comparing(UUID::toString));

        List<UUID> walked = new java.util.ArrayList<>();
        UUID after = null;
        while (true) {
            UUID from = after;
            List<UUID> page = read(tx -> tx.securityObjects().kids(acctId, from, 3));
            walked.addAll(page);
            if (page.size() < 3) {
                break;
            }
            after = page.get(page.size() - 1);
        }

        assertThat(walked).containsExactlyElementsOf(kids);
    }

    @Test
    void anObjectWhoseSourceRefusedExportKeepsItsMetadataWithoutMaterial() {
        SecurityObjectRecord unexportable = new SecurityObjectRecord(UUID.randomUUID(), acctId, group.groupId(),
                "hsm only", "AES", 256, null, List.of(), true, null, "External", false, null, null,
                new Creator("system", null), T0, null, null, "0f1e2d", null, null);

        givenObject(unexportable);

        SecurityObjectRecord found = read(tx -> tx.securityObjects().byId(acctId, unexportable.kid())).orElseThrow();
        assertThat(found).usingRecursiveComparison().isEqualTo(unexportable);
        assertThat(found.hasMaterial()).isFalse();
        assertThat(found.keyOps()).isEmpty();
    }

    @Test
    void materialAndItsKeyVersionAreBothPresentOrBothAbsent() {
        SecurityObjectRecord half = withMaterial(newObject(group, "half"), bytes(32), null);

        assertThatThrownBy(() -> write(tx -> tx.securityObjects().insert(half)))
                .isInstanceOf(UnableToExecuteStatementException.class);
        assertThat(find(tx -> tx.securityObjects().byId(acctId, half.kid()))).isEmpty();
    }

    @Test
    void objectNamesAreUniquePerAccountAndKidsEverywhere() {
        SecurityObjectRecord first = givenObject(newObject(group, "k"));
        UUID otherAccount = givenAccount();
        GroupRecord otherGroup = givenGroup(otherAccount, "g");

        assertThat(writes(tx -> tx.securityObjects().insert(newObject(group, "k")))).isFalse();
        assertThat(writes(tx -> tx.securityObjects().insert(newObject(otherGroup, "k")))).isTrue();
        SecurityObjectRecord sameKid = withKid(newObject(otherGroup, "other"), first.kid());
        assertThat(writes(tx -> tx.securityObjects().insert(sameKid))).isFalse();

        assertThat(find(tx -> tx.securityObjects().byId(acctId, first.kid()))).get()
                .usingRecursiveComparison().isEqualTo(first);
        assertThat(find(tx -> tx.securityObjects().byId(otherAccount, first.kid()))).isEmpty();
    }

    @Test
    void anObjectCannotBePutIntoAnotherAccountsGroup() {
        GroupRecord foreign = givenGroup(givenAccount(), "foreign");
        SecurityObjectRecord smuggled = new SecurityObjectRecord(UUID.randomUUID(), acctId, foreign.groupId(), "x",
                "AES", 128, null, List.of("ENCRYPT"), true, "Active", "FortanixHSM", false, null, null,
                new Creator("user", UUID.randomUUID()), T0, null, null, null, bytes(40), 1);

        assertThatThrownBy(() -> write(tx -> tx.securityObjects().insert(smuggled)))
                .isInstanceOf(UnableToExecuteStatementException.class);
        assertThat(find(tx -> tx.securityObjects().byId(acctId, smuggled.kid()))).isEmpty();
    }

    @Test
    void updateRewritesTheObjectAndRefusesATakenName() {
        givenObject(newObject(group, "taken"));
        SecurityObjectRecord object = givenObject(newObject(group, "mine"));
        GroupRecord other = givenGroup(acctId, "other");
        SecurityObjectRecord changed = new SecurityObjectRecord(object.kid(), acctId, other.groupId(), "renamed",
                "EC", null, "NistP384", List.of("SIGN"), false, "Compromised", "Transient", true, Map.of("k", "v"),
                "now described", new Creator("plugin", UUID.randomUUID()), T0 - 7, T0 + 9, bytes(97), "ffeedd",
                bytes(180), 2);

        assertThat(writes(tx -> tx.securityObjects().update(withName(changed, "taken")))).isFalse();
        assertThat(find(tx -> tx.securityObjects().byId(acctId, object.kid()))).get()
                .usingRecursiveComparison().isEqualTo(object);

        assertThat(writes(tx -> tx.securityObjects().update(changed))).isTrue();
        assertThat(find(tx -> tx.securityObjects().byId(acctId, object.kid()))).get()
                .usingRecursiveComparison().isEqualTo(changed);
    }

    @Test
    void touchMovesOnlyTheLastUseAndOnlyInTheOwningAccount() {
        SecurityObjectRecord object = givenObject(newObject(group, "used"));
        UUID intruder = givenAccount();

        write(tx -> {
            tx.securityObjects().touch(intruder, object.kid(), T0 + 99);
            return null;
        });
        assertThat(find(tx -> tx.securityObjects().byId(acctId, object.kid())).orElseThrow().lastusedAt()).isNull();

        write(tx -> {
            tx.securityObjects().touch(acctId, object.kid(), T0 + 100);
            return null;
        });
        assertThat(find(tx -> tx.securityObjects().byId(acctId, object.kid())).orElseThrow())
                .usingRecursiveComparison().isEqualTo(withLastUse(object, T0 + 100));
    }

    @Test
    void anotherAccountCannotReadLockUpdateOrDeleteAnObject() {
        SecurityObjectRecord object = givenObject(newObject(group, "secret"));
        UUID intruder = givenAccount();
        GroupRecord intruderGroup = givenGroup(intruder, "g");
        SecurityObjectRecord hijack = new SecurityObjectRecord(object.kid(), intruder, intruderGroup.groupId(),
                "stolen", "AES", 256, null, List.of("EXPORT"), true, "Active", "FortanixHSM", false, null, null,
                new Creator("user", UUID.randomUUID()), T0, null, null, null, bytes(40), 1);

        assertThat(find(tx -> tx.securityObjects().byId(intruder, object.kid()))).isEmpty();
        assertThat(findLocked(tx -> tx.securityObjects().lockById(intruder, object.kid()))).isEmpty();
        assertThat(find(tx -> tx.securityObjects().byName(intruder, "secret"))).isEmpty();
        assertThat(writes(tx -> tx.securityObjects().update(hijack))).isTrue(); // no row matched, nothing taken
        assertThat(writes(tx -> tx.securityObjects().delete(intruder, object.kid()))).isFalse();

        assertThat(find(tx -> tx.securityObjects().byId(acctId, object.kid()))).get()
                .usingRecursiveComparison().isEqualTo(object);
    }

    @Test
    void concurrentCreatesOfOneObjectNameOnTwoNodesCreateExactlyOne() throws Exception {
        SecurityObjectRecord winner = theOneInsertThatWins(i -> newObject(group, "race"),
                (tx, o) -> tx.securityObjects().insert(o));

        assertThat(find(tx -> tx.securityObjects().byName(acctId, "race"))).get().usingRecursiveComparison()
                .isEqualTo(winner);
        assertThat(count(SecurityObjectFilter.NONE)).isEqualTo(1);
    }

    @Test
    void concurrentRenamesOntoOneNameOnTwoNodesLetExactlyOneWin() throws Exception {
        Store otherNode = openNode();
        List<SecurityObjectRecord> objects = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_CALLERS; i++) {
            objects.add(givenObject(newObject(group, "before-" + i)));
        }

        List<Boolean> results = concurrently(i -> () -> nodeFor(i, otherNode)
                .transaction(tx -> tx.securityObjects().update(withName(objects.get(i), "wanted"))));

        assertThat(results).containsOnlyOnce(true);
        int winner = results.indexOf(true);
        assertThat(find(tx -> tx.securityObjects().byName(acctId, "wanted")).orElseThrow().kid())
                .isEqualTo(objects.get(winner).kid());
        for (int i = 0; i < objects.size(); i++) {
            String expected = i == winner ? "wanted" : "before-" + i;
            UUID kid = objects.get(i).kid();
            assertThat(find(tx -> tx.securityObjects().byId(acctId, kid)).orElseThrow().name()).isEqualTo(expected);
        }
    }

    @Test
    void deletingTheAccountRemovesItsGroupsAppsMembershipsAndObjects() {
        SecurityObjectRecord object = givenObject(newObject(group, "gone"));
        AppRecord app = givenApp(newSecretApp(acctId, "app"));
        assertThat(writes(tx -> tx.appGroups().put(acctId, new AppGroupRecord(app.appId(), group.groupId(),
                List.of("ENCRYPT"), true)))).isTrue();
        UUID survivor = givenAccount();
        GroupRecord survivingGroup = givenGroup(survivor, "stays");

        write(tx -> {
            tx.accounts().delete(acctId);
            return null;
        });

        assertThat(find(tx -> tx.groups().byId(acctId, group.groupId()))).isEmpty();
        assertThat(find(tx -> tx.securityObjects().byId(acctId, object.kid()))).isEmpty();
        assertThat(find(tx -> tx.apps().byId(app.appId()))).isEmpty();
        assertThat(readList(tx -> tx.appGroups().of(app.appId()))).isEmpty();
        assertThat(find(tx -> tx.groups().byId(survivor, survivingGroup.groupId()))).contains(survivingGroup);
    }

    // ---- apps ----

    @Test
    void appsOfEachCredentialKindRoundTrip() {
        AppRecord secret = newSecretApp(acctId, "with secret");
        AppRecord certificate = newCertificateApp(acctId, "with certificate", bytes(600));
        AppRecord trustedCa = new AppRecord(UUID.randomUUID(), acctId, "with ca", null, "Default", null, true,
                "crypto", "trustedca", null, null, null, "{\"subject\":[[\"2.5.4.3\",\"app\"]]}",
                List.of(bytes(500), everyByteValue()), new Creator("user", UUID.randomUUID()), T0, null);

        for (AppRecord app : List.of(secret, certificate, trustedCa)) {
            givenApp(app);
            assertThat(find(tx -> tx.apps().byId(acctId, app.appId()))).get()
                    .usingRecursiveComparison().isEqualTo(app);
            assertThat(find(tx -> tx.apps().byId(app.appId()))).get().usingRecursiveComparison().isEqualTo(app);
        }
    }

    @Test
    void anAppLacksNoneOfItsCredentialKindsFields() {
        AppRecord noSecret = new AppRecord(UUID.randomUUID(), acctId, "broken", null, "Default", null, true,
                "admin", "secret", null, null, null, null, null, new Creator("user", UUID.randomUUID()), T0, null);

        assertThatThrownBy(() -> write(tx -> tx.apps().insert(noSecret)))
                .isInstanceOf(UnableToExecuteStatementException.class);
        assertThat(find(tx -> tx.apps().byId(noSecret.appId()))).isEmpty();
    }

    @Test
    void anAppIsFoundByExactlyItsCertificate() {
        byte[] der = bytes(700);
        AppRecord app = givenApp(newCertificateApp(acctId, "mtls", der));
        AppRecord elsewhere = givenApp(newCertificateApp(givenAccount(), "same cert elsewhere", der.clone()));
        givenApp(newCertificateApp(acctId, "another", bytes(700)));
        byte[] oneBitOff = der.clone();
        oneBitOff[350] ^= 1;

        List<AppRecord> found = read(tx -> tx.apps().byCertificate(der.clone()));

        assertThat(found).extracting(AppRecord::appId)
                .containsExactlyInAnyOrder(app.appId(), elsewhere.appId());
        assertThat(readList(tx -> tx.apps().byCertificate(oneBitOff))).isEmpty();
        assertThat(readList(tx -> tx.apps().byCertificate(Arrays.copyOf(der, 699)))).isEmpty();
    }

    @Test
    void aNewCertificateOrSecretReplacesTheOldOneAtOnce() {
        byte[] oldDer = bytes(650);
        AppRecord app = givenApp(newCertificateApp(acctId, "rotating", oldDer));
        byte[] newDer = bytes(660);
        AppRecord rotated = withCredential(app, "certificate", null, null, newDer);

        assertThat(writes(tx -> tx.apps().update(rotated))).isTrue();

        assertThat(readList(tx -> tx.apps().byCertificate(oldDer))).isEmpty();
        assertThat(readList(tx -> tx.apps().byCertificate(newDer))).extracting(AppRecord::appId)
                .containsExactly(app.appId());

        AppRecord toSecret = withCredential(rotated, "secret", bytes(60), 4, null);
        assertThat(writes(tx -> tx.apps().update(toSecret))).isTrue();
        assertThat(readList(tx -> tx.apps().byCertificate(newDer))).isEmpty();
        assertThat(find(tx -> tx.apps().byId(acctId, app.appId()))).get()
                .usingRecursiveComparison().isEqualTo(toSecret);
    }

    @Test
    void appNamesAreUniquePerAccountAlsoOnRename() {
        givenApp(newSecretApp(acctId, "first"));
        AppRecord second = givenApp(newSecretApp(acctId, "second"));

        assertThat(writes(tx -> tx.apps().insert(newSecretApp(acctId, "first")))).isFalse();
        assertThat(writes(tx -> tx.apps().insert(newSecretApp(givenAccount(), "first")))).isTrue();
        assertThat(writes(tx -> tx.apps().update(withAppName(second, "first")))).isFalse();
        assertThat(find(tx -> tx.apps().byId(acctId, second.appId()))).get()
                .usingRecursiveComparison().isEqualTo(second);
    }

    @Test
    void concurrentCreatesOfOneAppNameOnTwoNodesCreateExactlyOne() throws Exception {
        AppRecord winner = theOneInsertThatWins(i -> newSecretApp(acctId, "race"), (tx, a) -> tx.apps().insert(a));

        assertThat(readList(tx -> tx.apps().list(acctId, null, 0, 100))).extracting(AppRecord::appId)
                .containsExactly(winner.appId());
    }

    @Test
    void anotherAccountsAppAnswersLikeAMissingOne() {
        AppRecord app = givenApp(newSecretApp(acctId, "private"));
        UUID intruder = givenAccount();

        assertThat(find(tx -> tx.apps().byId(intruder, app.appId()))).isEmpty();
        assertThat(findLocked(tx -> tx.apps().lockById(intruder, app.appId()))).isEmpty();
        assertThat(writes(tx -> tx.apps().delete(intruder, app.appId()))).isFalse();
        assertThat(readList(tx -> tx.apps().list(intruder, null, 0, 10))).isEmpty();
        assertThat(writes(tx -> tx.apps().delete(acctId, app.appId()))).isTrue();
        assertThat(find(tx -> tx.apps().byId(app.appId()))).isEmpty();
    }

    @Test
    void appsPageByOffsetAndByLastIdSeen() {
        List<AppRecord> apps = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            apps.add(givenApp(newSecretApp(acctId, "app " + i)));
        }
        List<UUID> expected = apps.stream().map(AppRecord::appId).sorted(Comparator.comparing(UUID::toString))
                .toList();

        assertThat(pageByOffset(7, (offset, limit) -> read(tx -> tx.apps().list(acctId, null, offset, limit))))
                .extracting(AppRecord::appId).containsExactlyElementsOf(expected);
        assertThat(pageByCursor(7, (AppRecord last) -> read(tx -> tx.apps().list(acctId,
                last == null ? null : last.appId(), 0, 7)))).extracting(AppRecord::appId)
                .containsExactlyElementsOf(expected);
    }

    // ---- app memberships ----

    @Test
    void membershipsHoldPermissionsAndAtMostOneDefaultGroup() {
        AppRecord app = givenApp(newSecretApp(acctId, "member"));
        GroupRecord second = givenGroup(acctId, "second");

        assertThat(putMembership(app, group, List.of("ENCRYPT", "DECRYPT"), true)).isTrue();
        assertThat(putMembership(app, second, List.of("SIGN"), false)).isTrue();
        assertThat(memberships(app)).containsExactlyInAnyOrder(
                new AppGroupRecord(app.appId(), group.groupId(), List.of("ENCRYPT", "DECRYPT"), true),
                new AppGroupRecord(app.appId(), second.groupId(), List.of("SIGN"), false));

        assertThat(putMembership(app, second, List.of("SIGN", "VERIFY", "EXPORT"), true)).isTrue();

        assertThat(memberships(app)).containsExactlyInAnyOrder(
                new AppGroupRecord(app.appId(), group.groupId(), List.of("ENCRYPT", "DECRYPT"), false),
                new AppGroupRecord(app.appId(), second.groupId(), List.of("SIGN", "VERIFY", "EXPORT"), true));
        assertThat(find(tx -> tx.appGroups().find(app.appId(), second.groupId())).orElseThrow().isDefault())
                .isTrue();
    }

    @Test
    void theDatabaseItselfKeepsOneDefaultGroupPerApp() {
        AppRecord app = givenApp(newSecretApp(acctId, "member"));
        GroupRecord second = givenGroup(acctId, "second");
        putMembership(app, group, List.of("SIGN"), true);

        assertThatThrownBy(() -> executeRaw("INSERT INTO app_groups (acct_id, app_id, group_id, permissions, "
                + "is_default) VALUES ('" + acctId + "', '" + app.appId() + "', '" + second.groupId()
                + "', 'SIGN', TRUE)")).isInstanceOf(SQLException.class);
        assertThat(memberships(app)).containsExactly(
                new AppGroupRecord(app.appId(), group.groupId(), List.of("SIGN"), true));
    }

    @Test
    void anAppCannotJoinAnotherAccountsGroupNorAnotherAccountsAppAGroup() {
        AppRecord app = givenApp(newSecretApp(acctId, "member"));
        UUID otherAccount = givenAccount();
        GroupRecord foreignGroup = givenGroup(otherAccount, "foreign");
        AppRecord foreignApp = givenApp(newSecretApp(otherAccount, "foreign app"));

        assertThat(putMembership(app, foreignGroup, List.of("EXPORT"), false)).isFalse();
        assertThat(writes(tx -> tx.appGroups().put(otherAccount,
                new AppGroupRecord(app.appId(), foreignGroup.groupId(), List.of("EXPORT"), false)))).isFalse();
        assertThat(writes(tx -> tx.appGroups().put(acctId,
                new AppGroupRecord(foreignApp.appId(), group.groupId(), List.of("EXPORT"), false)))).isFalse();

        assertThat(memberships(app)).isEmpty();
        assertThat(memberships(foreignApp)).isEmpty();
    }

    @Test
    void membershipsLeaveWithTheirGroupOrApp() {
        AppRecord app = givenApp(newSecretApp(acctId, "member"));
        AppRecord other = givenApp(newSecretApp(acctId, "other"));
        GroupRecord doomed = givenGroup(acctId, "doomed");
        putMembership(app, group, List.of("ENCRYPT"), false);
        putMembership(app, doomed, List.of("SIGN"), true);
        putMembership(other, doomed, List.of("SIGN"), true);

        assertThat(deletion(tx -> tx.groups().delete(acctId, doomed.groupId()))).isEqualTo(GroupDao.Deletion.DELETED);
        assertThat(memberships(app)).containsExactly(
                new AppGroupRecord(app.appId(), group.groupId(), List.of("ENCRYPT"), false));
        assertThat(memberships(other)).isEmpty();

        assertThat(writes(tx -> tx.appGroups().remove(app.appId(), group.groupId()))).isTrue();
        assertThat(writes(tx -> tx.appGroups().remove(app.appId(), group.groupId()))).isFalse();
        putMembership(app, group, List.of("ENCRYPT"), false);
        assertThat(writes(tx -> tx.apps().delete(acctId, app.appId()))).isTrue();
        assertThat(memberships(app)).isEmpty();
    }

    @Test
    void anAppSeesOnlyTheGroupsAndObjectsOfItsGroups() {
        AppRecord app = givenApp(newSecretApp(acctId, "narrow"));
        GroupRecord visible = givenGroup(acctId, "visible");
        putMembership(app, visible, List.of("ENCRYPT"), true);
        SecurityObjectRecord seen = givenObject(newObject(visible, "seen"));
        givenObject(newObject(group, "unseen"));
        SecurityObjectFilter forApp = new SecurityObjectFilter(null, null, null, app.appId());

        assertThat(readList(tx -> tx.groups().list(acctId, app.appId(), null, 0, 100))).containsExactly(visible);
        assertThat(readCount(tx -> tx.groups().count(acctId, app.appId()))).isEqualTo(1);
        assertThat(list(forApp, SecurityObjectSort.NAME_ASC, null, 0, 100)).extracting(SecurityObjectRecord::kid)
                .containsExactly(seen.kid());
        assertThat(count(forApp)).isEqualTo(1);
    }

    // ---- listing security objects ----

    @Test
    void filtersSelectByGroupNameAndTypeAndCountWhatTheyList() {
        GroupRecord other = givenGroup(acctId, "other");
        SecurityObjectRecord aesInDefault = givenObject(newObject(group, "a"));
        SecurityObjectRecord ecInDefault = givenObject(withType(newObject(group, "b"), "EC"));
        SecurityObjectRecord aesInOther = givenObject(newObject(other, "c"));

        assertThat(kids(new SecurityObjectFilter(group.groupId(), null, null, null)))
                .containsExactly(aesInDefault.kid(), ecInDefault.kid());
        assertThat(kids(new SecurityObjectFilter(null, null, "AES", null)))
                .containsExactly(aesInDefault.kid(), aesInOther.kid());
        assertThat(kids(new SecurityObjectFilter(null, "c", null, null))).containsExactly(aesInOther.kid());
        assertThat(kids(new SecurityObjectFilter(other.groupId(), null, "EC", null))).isEmpty();
        assertThat(count(new SecurityObjectFilter(null, null, "AES", null))).isEqualTo(2);
        assertThat(count(SecurityObjectFilter.NONE)).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(SecurityObjectSort.class)
    void pagingByOffsetOrByTheLastKeySeenReturnsEveryObjectOnceInOrder(SecurityObjectSort sort) {
        List<String> expected = keys(sorted(givenManyObjects(), sort), sort);

        List<SecurityObjectRecord> byOffset = pageByOffset(PAGE,
                (offset, limit) -> list(SecurityObjectFilter.NONE, sort, null, offset, limit));
        List<SecurityObjectRecord> byLastKey = pageByCursor(PAGE, last -> list(SecurityObjectFilter.NONE, sort,
                last == null ? null : KeysetStart.after(key(last, sort)), 0, PAGE));

        assertThat(keys(byOffset, sort)).containsExactlyElementsOf(expected);
        assertThat(keys(byLastKey, sort)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(SecurityObjectSort.class)
    void aStartKeyBeginsTheListingAtThatKeyOrTheNextOne(SecurityObjectSort sort) {
        List<String> expected = keys(sorted(givenManyObjects(), sort), sort);
        String middle = expected.get(1234);

        assertThat(keys(list(SecurityObjectFilter.NONE, sort, KeysetStart.at(middle), 0, 3), sort))
                .containsExactlyElementsOf(expected.subList(1234, 1237));
        assertThat(keys(list(SecurityObjectFilter.NONE, sort, KeysetStart.after(middle), 0, 3), sort))
                .containsExactlyElementsOf(expected.subList(1235, 1238));
        assertThat(keys(list(SecurityObjectFilter.NONE, sort, KeysetStart.at(middle), 2, 3), sort))
                .containsExactlyElementsOf(expected.subList(1236, 1239));
        // A key between two stored keys: the listing begins at the next stored one, at or after alike.
        String between = middle + "\u0001";
        assertThat(keys(list(SecurityObjectFilter.NONE, sort, KeysetStart.at(between), 0, 2), sort))
                .containsExactlyElementsOf(expected.subList(sort.name().endsWith("DESC") ? 1234 : 1235,
                        sort.name().endsWith("DESC") ? 1236 : 1237));
    }

    @ParameterizedTest
    @EnumSource(SecurityObjectSort.class)
    void pagingByTheLastKeySeenWhileObjectsComeAndGoReturnsEverySurvivorExactlyOnce(SecurityObjectSort sort) {
        assertPagingSurvivesChurn(sort, last -> list(SecurityObjectFilter.NONE, sort,
                last == null ? null : KeysetStart.after(key(last, sort)), 0, PAGE));
    }

    /**
     * As a DSM client pages with {@code start}: the next page starts at the last key seen, which
     * comes back first unless it was deleted meanwhile, and is then dropped.
     */
    @ParameterizedTest
    @EnumSource(SecurityObjectSort.class)
    void pagingByStartAtTheLastKeySeenWhileObjectsComeAndGoReturnsEverySurvivorExactlyOnce(SecurityObjectSort sort) {
        assertPagingSurvivesChurn(sort, last -> {
            if (last == null) {
                return list(SecurityObjectFilter.NONE, sort, null, 0, PAGE);
            }
            List<SecurityObjectRecord> page = new ArrayList<>(
                    list(SecurityObjectFilter.NONE, sort, KeysetStart.at(key(last, sort)), 0, PAGE + 1));
            if (!page.isEmpty() && page.get(0).kid().equals(last.kid())) {
                page.remove(0);
            }
            return page;
        });
    }

    /**
     * Pages through {@link #MANY} objects with {@code nextPage}, and between pages deletes three
     * objects (some listed already, some not yet, and every fourth time the very object the next
     * page continues from) and creates three that land anywhere in the order. Every object that
     * existed throughout must be listed exactly once, in order.
     */
    void assertPagingSurvivesChurn(SecurityObjectSort sort,
            Function<SecurityObjectRecord, List<SecurityObjectRecord>> nextPage) {
        List<SecurityObjectRecord> initial = givenManyObjects();
        List<SecurityObjectRecord> deletable = new ArrayList<>(initial);
        Collections.shuffle(deletable, new Random(sort.ordinal()));
        Set<UUID> deleted = new HashSet<>();
        int[] pages = {0};

        List<SecurityObjectRecord> paged = pageByCursor(PAGE, last -> {
            if (last != null) {
                List<SecurityObjectRecord> victims = new ArrayList<>();
                for (int i = 0; i < 3 && !deletable.isEmpty(); i++) {
                    victims.add(deletable.remove(deletable.size() - 1));
                }
                if (++pages[0] % 4 == 0) {
                    victims.add(last);
                }
                write(tx -> {
                    for (SecurityObjectRecord victim : victims) {
                        if (tx.securityObjects().delete(acctId, victim.kid())) {
                            deleted.add(victim.kid());
                        }
                    }
                    for (int i = 0; i < 3; i++) {
                        int created = MANY + 3 * pages[0] + i;
                        assertThat(tx.securityObjects().insert(newObject(group, scatteredName(created)))).isTrue();
                    }
                    return null;
                });
            }
            return nextPage.apply(last);
        });

        List<UUID> pagedKids = paged.stream().map(SecurityObjectRecord::kid).toList();
        assertThat(pagedKids).doesNotHaveDuplicates();
        assertThat(keys(paged, sort)).isSortedAccordingTo(comparatorFor(sort));
        assertThat(deleted).hasSizeGreaterThan(60);
        assertThat(pagedKids).containsAll(initial.stream().map(SecurityObjectRecord::kid)
                .filter(kid -> !deleted.contains(kid)).toList());
    }

    // ---- listing groups ----

    @Test
    void groupsPageByOffsetAndByLastIdSeen() {
        List<GroupRecord> groups = givenManyGroups();
        List<UUID> expected = groups.stream().map(GroupRecord::groupId).sorted(Comparator.comparing(UUID::toString))
                .toList();

        assertThat(pageByOffset(PAGE, (offset, limit) -> read(tx -> tx.groups().list(acctId, null, null, offset,
                limit)))).extracting(GroupRecord::groupId).containsExactlyElementsOf(expected);
        assertThat(pageByCursor(PAGE, (GroupRecord last) -> read(tx -> tx.groups().list(acctId, null,
                last == null ? null : last.groupId(), 0, PAGE)))).extracting(GroupRecord::groupId)
                .containsExactlyElementsOf(expected);
        assertThat(readCount(tx -> tx.groups().count(acctId, null))).isEqualTo(expected.size());
    }

    @Test
    void pagingGroupsByLastIdSeenWhileGroupsComeAndGoReturnsEverySurvivorExactlyOnce() {
        List<GroupRecord> initial = givenManyGroups();
        List<GroupRecord> deletable = new ArrayList<>(initial);
        Collections.shuffle(deletable, new Random(7));
        Set<UUID> deleted = new HashSet<>();
        int[] created = {0};

        List<GroupRecord> paged = pageByCursor(PAGE, last -> {
            if (last != null) {
                write(tx -> {
                    for (int i = 0; i < 3; i++) {
                        GroupRecord victim = deletable.remove(deletable.size() - 1);
                        assertThat(tx.groups().delete(acctId, victim.groupId())).isEqualTo(GroupDao.Deletion.DELETED);
                        deleted.add(victim.groupId());
                        tx.groups().insert(newGroup(acctId, "new group " + created[0]++));
                    }
                    return null;
                });
            }
            return read(tx -> tx.groups().list(acctId, null, last == null ? null : last.groupId(), 0, PAGE));
        });

        List<UUID> pagedIds = paged.stream().map(GroupRecord::groupId).toList();
        assertThat(pagedIds).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.comparing(UUID::toString));
        assertThat(deleted).hasSizeGreaterThan(60);
        assertThat(pagedIds).containsAll(initial.stream().map(GroupRecord::groupId)
                .filter(id -> !deleted.contains(id)).toList());
    }

    /**
     * {@link #CONCURRENT_CALLERS} callers on two nodes each insert their own candidate, all of
     * one name; exactly one may be told it succeeded. Returns that one.
     */
    <R> R theOneInsertThatWins(IntFunction<R> candidate, BiPredicate<Tx, R> insert) throws Exception {
        Store otherNode = openNode();
        List<R> candidates = IntStream.range(0, CONCURRENT_CALLERS).mapToObj(candidate).toList();

        List<Boolean> results = concurrently(i -> () -> nodeFor(i, otherNode)
                .transaction(tx -> insert.test(tx, candidates.get(i))));

        assertThat(results).containsOnlyOnce(true);
        return candidates.get(results.indexOf(true));
    }

    // ---- paging drivers ----

    interface PageAt<T> {
        List<T> page(int offset, int limit);
    }

    /** Reads pages by offset until a short page; fails if it does not end. */
    static <T> List<T> pageByOffset(int pageSize, PageAt<T> pageAt) {
        List<T> all = new ArrayList<>();
        for (int pages = 0; pages < 10_000; pages++) {
            List<T> page = pageAt.page(all.size(), pageSize);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
        }
        throw new AssertionError("paging by offset did not end");
    }

    /** Reads pages, each after the last item of the one before, until a short page. */
    static <T> List<T> pageByCursor(int pageSize, Function<T, List<T>> pageAfter) {
        List<T> all = new ArrayList<>();
        T last = null;
        for (int pages = 0; pages < 10_000; pages++) {
            List<T> page = pageAfter.apply(last);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            last = page.get(page.size() - 1);
        }
        throw new AssertionError("paging by cursor did not end");
    }

    // ---- sort keys as the store must order them: UTF-8 bytes, unsigned ----

    static String key(SecurityObjectRecord object, SecurityObjectSort sort) {
        return sort.name().startsWith("KID") ? object.kid().toString() : object.name();
    }

    static List<String> keys(List<SecurityObjectRecord> objects, SecurityObjectSort sort) {
        return objects.stream().map(o -> key(o, sort)).toList();
    }

    static Comparator<String> comparatorFor(SecurityObjectSort sort) {
        Comparator<String> bytewise = (a, b) -> Arrays.compareUnsigned(a.getBytes(UTF_8), b.getBytes(UTF_8));
        return sort.name().endsWith("DESC") ? bytewise.reversed() : bytewise;
    }

    static List<SecurityObjectRecord> sorted(List<SecurityObjectRecord> objects, SecurityObjectSort sort) {
        Comparator<String> order = comparatorFor(sort);
        return objects.stream().sorted((a, b) -> order.compare(key(a, sort), key(b, sort))).toList();
    }

    /**
     * Names whose UTF-8 byte order differs from Java's UTF-16 order and from most locales'
     * collations: upper and lower case, punctuation, accents, and characters beyond the BMP.
     */
    static String scatteredName(int i) {
        String[] prefixes = {"key", "Key", "KEY", "_key", "key-", "kéy", "ḱey", "\uFF5Bkey", "𝄞key", "key ", "a",
                "Z", "0"};
        return prefixes[i % prefixes.length] + Integer.toString(i * 7919 % 100_003, 36) + "#" + i;
    }

    // ---- test data, one transaction per call ----

    List<SecurityObjectRecord> givenManyObjects() {
        GroupRecord second = givenGroup(acctId, "second");
        List<SecurityObjectRecord> objects = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            objects.add(newObject(i % 3 == 0 ? second : group, scatteredName(i)));
        }
        write(tx -> {
            objects.forEach(o -> assertThat(tx.securityObjects().insert(o)).isTrue());
            return null;
        });
        return objects;
    }

    List<GroupRecord> givenManyGroups() {
        List<GroupRecord> groups = new ArrayList<>(List.of(group));
        for (int i = 1; i < MANY; i++) {
            groups.add(newGroup(acctId, scatteredName(i)));
        }
        write(tx -> {
            groups.subList(1, groups.size()).forEach(g -> assertThat(tx.groups().insert(g)).isTrue());
            return null;
        });
        return groups;
    }

    List<SecurityObjectRecord> list(SecurityObjectFilter filter, SecurityObjectSort sort, KeysetStart start,
            int offset, int limit) {
        return read(tx -> tx.securityObjects().list(acctId, filter, sort, start, offset, limit));
    }

    List<UUID> kids(SecurityObjectFilter filter) {
        return list(filter, SecurityObjectSort.NAME_ASC, null, 0, 1000).stream().map(SecurityObjectRecord::kid)
                .toList();
    }

    long count(SecurityObjectFilter filter) {
        return read(tx -> tx.securityObjects().count(acctId, filter));
    }

    <T> Optional<T> find(Function<Tx, Optional<T>> work) {
        return store.read(work);
    }

    <T> Optional<T> findLocked(Function<Tx, Optional<T>> work) {
        return store.transaction(work);
    }

    <T> List<T> readList(Function<Tx, List<T>> work) {
        return store.read(work);
    }

    long readCount(ToLongFunction<Tx> work) {
        return store.read(work::applyAsLong);
    }

    boolean writes(Predicate<Tx> work) {
        return store.transaction(work::test);
    }

    GroupDao.Deletion deletion(Function<Tx, GroupDao.Deletion> work) {
        return store.transaction(work);
    }

    <T> T read(Function<Tx, T> work) {
        return store.read(work);
    }

    <T> T write(Function<Tx, T> work) {
        return store.transaction(work);
    }

    Store nodeFor(int caller, Store otherNode) {
        return caller % 2 == 0 ? store : otherNode;
    }

    UUID givenAccount() {
        UserRecord admin = new UserRecord(UUID.randomUUID(), UUID.randomUUID() + "@example.com", "hash", null, null,
                T0, null, 0, 0);
        AccountRecord account = new AccountRecord(UUID.randomUUID(), "account", null, true, PurposeKind.STANDARD, PurposeKind.STANDARD,
                null, null, null, T0);
        write(tx -> {
            tx.users().insert(admin);
            tx.accounts().insert(account, admin.userId(), AccountRole.ACCOUNTADMINISTRATOR);
            return null;
        });
        return account.acctId();
    }

    static GroupRecord newGroup(UUID acctId, String name) {
        return new GroupRecord(UUID.randomUUID(), acctId, name, null, null, new Creator("user", UUID.randomUUID()),
                T0);
    }

    GroupRecord givenGroup(UUID acctId, String name) {
        GroupRecord group = newGroup(acctId, name);
        assertThat(insertGroup(group)).isTrue();
        return group;
    }

    boolean insertGroup(GroupRecord group) {
        return write(tx -> tx.groups().insert(group));
    }

    SecurityObjectRecord newObject(GroupRecord group, String name) {
        return new SecurityObjectRecord(UUID.randomUUID(), group.acctId(), group.groupId(), name, "AES", 256, null,
                List.of("ENCRYPT", "DECRYPT"), true, "Active", "FortanixHSM", false, null, null,
                new Creator("user", UUID.randomUUID()), T0, null, null, "abcdef", bytes(60), 1);
    }

    SecurityObjectRecord givenObject(SecurityObjectRecord object) {
        assertThat(writes(tx -> tx.securityObjects().insert(object))).isTrue();
        return object;
    }

    AppRecord newSecretApp(UUID acctId, String name) {
        return new AppRecord(UUID.randomUUID(), acctId, name, "an app", "Default", "REST", true, "admin", "secret",
                bytes(60), 1, null, null, null, new Creator("user", UUID.randomUUID()), T0, null);
    }

    static AppRecord newCertificateApp(UUID acctId, String name, byte[] der) {
        return new AppRecord(UUID.randomUUID(), acctId, name, null, "Default", null, true, "admin", "certificate",
                null, null, der, null, null, new Creator("user", UUID.randomUUID()), T0, T0 + 3);
    }

    AppRecord givenApp(AppRecord app) {
        assertThat(writes(tx -> tx.apps().insert(app))).isTrue();
        return app;
    }

    boolean putMembership(AppRecord app, GroupRecord group, List<String> permissions, boolean isDefault) {
        return write(tx -> tx.appGroups().put(acctId,
                new AppGroupRecord(app.appId(), group.groupId(), permissions, isDefault)));
    }

    List<AppGroupRecord> memberships(AppRecord app) {
        return read(tx -> tx.appGroups().of(app.appId()));
    }

    // ---- record variations ----

    static SecurityObjectRecord withName(SecurityObjectRecord o, String name) {
        return new SecurityObjectRecord(o.kid(), o.acctId(), o.groupId(), name, o.objType(), o.keySize(),
                o.ellipticCurve(), o.keyOps(), o.enabled(), o.state(), o.origin(), o.publicOnly(),
                o.customMetadata(), o.description(), o.creator(), o.createdAt(), o.lastusedAt(), o.pubKey(), o.kcv(),
                o.sealedMaterial(), o.masterKeyVersion());
    }

    static SecurityObjectRecord withKid(SecurityObjectRecord o, UUID kid) {
        return new SecurityObjectRecord(kid, o.acctId(), o.groupId(), o.name(), o.objType(), o.keySize(),
                o.ellipticCurve(), o.keyOps(), o.enabled(), o.state(), o.origin(), o.publicOnly(),
                o.customMetadata(), o.description(), o.creator(), o.createdAt(), o.lastusedAt(), o.pubKey(), o.kcv(),
                o.sealedMaterial(), o.masterKeyVersion());
    }

    static SecurityObjectRecord withType(SecurityObjectRecord o, String objType) {
        return new SecurityObjectRecord(o.kid(), o.acctId(), o.groupId(), o.name(), objType, o.keySize(),
                o.ellipticCurve(), o.keyOps(), o.enabled(), o.state(), o.origin(), o.publicOnly(),
                o.customMetadata(), o.description(), o.creator(), o.createdAt(), o.lastusedAt(), o.pubKey(), o.kcv(),
                o.sealedMaterial(), o.masterKeyVersion());
    }

    static SecurityObjectRecord withLastUse(SecurityObjectRecord o, long lastusedAt) {
        return new SecurityObjectRecord(o.kid(), o.acctId(), o.groupId(), o.name(), o.objType(), o.keySize(),
                o.ellipticCurve(), o.keyOps(), o.enabled(), o.state(), o.origin(), o.publicOnly(),
                o.customMetadata(), o.description(), o.creator(), o.createdAt(), lastusedAt, o.pubKey(), o.kcv(),
                o.sealedMaterial(), o.masterKeyVersion());
    }

    static SecurityObjectRecord withMaterial(SecurityObjectRecord o, byte[] sealed, Integer masterKeyVersion) {
        return new SecurityObjectRecord(o.kid(), o.acctId(), o.groupId(), o.name(), o.objType(), o.keySize(),
                o.ellipticCurve(), o.keyOps(), o.enabled(), o.state(), o.origin(), o.publicOnly(),
                o.customMetadata(), o.description(), o.creator(), o.createdAt(), o.lastusedAt(), o.pubKey(), o.kcv(),
                sealed, masterKeyVersion);
    }

    static AppRecord withAppName(AppRecord a, String name) {
        return new AppRecord(a.appId(), a.acctId(), name, a.description(), a.appType(), a.appInterface(),
                a.enabled(), a.role(), a.credentialKind(), a.sealedSecret(), a.masterKeyVersion(), a.certificate(),
                a.trustedCaSubject(), a.trustedCaCertificates(), a.creator(), a.createdAt(), a.lastusedAt());
    }

    static AppRecord withCredential(AppRecord a, String kind, byte[] sealedSecret, Integer masterKeyVersion,
            byte[] certificate) {
        return new AppRecord(a.appId(), a.acctId(), a.name(), a.description(), a.appType(), a.appInterface(),
                a.enabled(), a.role(), kind, sealedSecret, masterKeyVersion, certificate, null, null, a.creator(),
                a.createdAt(), a.lastusedAt());
    }
}
