package io.kopsauth.sandbox.aws;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credentials the emulator issued: long-term user keys (seeded, persisted in {@code keys.json}) and the
 * temporary session credentials of AssumeRole / GetSessionToken (persisted in {@code sessions.json} until they
 * expire).
 */
final class AccessKeys {
    /** A user with a long-term access key. */
    record UserKey(String accessKeyId, String secret, String account, String userName, String userId, String created) {
        String arn() {
            return "arn:aws:iam::" + account + ":user/" + userName;
        }

        Caller caller() {
            return new Caller(account, arn(), userId, accessKeyId, null, false, null);
        }
    }

    /** Temporary credentials and the identity they stand for. */
    record Session(String accessKeyId, String secret, String token, Instant expiration, Caller caller) {}

    private final Path dir;
    private final Map<String, UserKey> users = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new LinkedHashMap<>();

    AccessKeys(Path dir) {
        this.dir = dir;
        load();
    }

    private void load() {
        Map<String, Object> k = StateFiles.readJson(dir.resolve("keys.json"));
        if (k != null) {
            for (Object o : (List<?>) k.get("users")) {
                Map<?, ?> m = (Map<?, ?>) o;
                UserKey u = new UserKey(s(m, "accessKeyId"), s(m, "secret"), s(m, "account"), s(m, "userName"),
                        s(m, "userId"), s(m, "created"));
                users.put(u.accessKeyId(), u);
            }
        }
        Map<String, Object> s = StateFiles.readJson(dir.resolve("sessions.json"));
        if (s != null) {
            for (Object o : (List<?>) s.get("sessions")) {
                Map<?, ?> m = (Map<?, ?>) o;
                Caller c = new Caller(s(m, "account"), s(m, "arn"), s(m, "userId"), s(m, "accessKeyId"),
                        s(m, "roleArn"), true, m.get("mfaAt") == null ? null : Instant.parse(s(m, "mfaAt")));
                sessions.put(c.accessKeyId(), new Session(c.accessKeyId(), s(m, "secret"), s(m, "token"),
                        Instant.parse(s(m, "expiration")), c));
            }
        }
    }

    private static String s(Map<?, ?> m, String k) {
        Object v = m.get(k);
        return v == null ? null : v.toString();
    }

    /** Makes sure a user with a key exists in the account; returns it (created and persisted on first use). */
    synchronized UserKey seed(String account, String userName, Instant now) {
        for (UserKey u : users.values()) {
            if (u.account().equals(account) && u.userName().equals(userName)) return u;
        }
        UserKey u = new UserKey(Ids.upper("AKIA", 20), Ids.secret(), account, userName, Ids.upper("AIDA", 21), now.toString());
        users.put(u.accessKeyId(), u);
        saveUsers();
        return u;
    }

    synchronized List<UserKey> users() {
        return new ArrayList<>(users.values());
    }

    synchronized UserKey user(String accessKeyId) {
        return users.get(accessKeyId);
    }

    synchronized Session session(String accessKeyId) {
        return sessions.get(accessKeyId);
    }

    /** Issues temporary credentials for {@code caller} (whose accessKeyId is replaced by the new key's). */
    synchronized Session issue(Caller template, Instant expiration, Instant now) {
        sessions.values().removeIf(s -> s.expiration().isBefore(now));
        String akid = Ids.upper("ASIA", 20);
        Caller c = new Caller(template.account(), template.arn(), template.userId(), akid, template.roleArn(), true,
                template.mfaAt());
        Session s = new Session(akid, Ids.secret(), Ids.sessionToken(), expiration, c);
        sessions.put(akid, s);
        saveSessions();
        return s;
    }

    /** Forgets all temporary credentials (sandbox reset); the seeded users and their keys stay. */
    synchronized void resetSessions() {
        sessions.clear();
        saveSessions();
    }

    private void saveUsers() {
        List<Object> l = new ArrayList<>();
        for (UserKey u : users.values()) {
            l.add(io.kopsauth.json.Json.obj("accessKeyId", u.accessKeyId(), "secret", u.secret(), "account", u.account(),
                    "userName", u.userName(), "userId", u.userId(), "created", u.created()));
        }
        StateFiles.writeJson(dir.resolve("keys.json"), Map.of("users", l));
    }

    private void saveSessions() {
        List<Object> l = new ArrayList<>();
        for (Session s : sessions.values()) {
            Caller c = s.caller();
            l.add(io.kopsauth.json.Json.obj("accessKeyId", s.accessKeyId(), "secret", s.secret(), "token", s.token(),
                    "expiration", s.expiration().toString(), "account", c.account(), "arn", c.arn(), "userId", c.userId(),
                    "roleArn", c.roleArn(), "mfaAt", c.mfaAt() == null ? null : c.mfaAt().toString()));
        }
        StateFiles.writeJson(dir.resolve("sessions.json"), Map.of("sessions", l));
    }
}
