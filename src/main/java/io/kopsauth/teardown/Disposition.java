package io.kopsauth.teardown;

import io.kopsauth.json.Json;
import java.util.Map;

/**
 * What teardown will do with one resource the journal holds, decided by reading the real world: delete it, keep
 * it (with the reason), keep it but take kopsauth's marks off it, or nothing because it is already gone.
 *
 * @param kind    the journal's resource kind ("s3-bucket", "iam-role", ...)
 * @param id      its name, ARN or file
 * @param verdict what teardown does
 * @param reason  why, in a few words
 */
public record Disposition(String kind, String id, Verdict verdict, String reason) {

    /** What teardown does with a resource. */
    public enum Verdict {
        /** kopsauth created it and nothing else needs it: it is deleted. */
        DELETE,
        /** It stays, but kopsauth's marks on it go (this cluster leaves the role's tag; a replaced trust policy comes back). */
        UNTAG,
        /** It stays as it is. */
        KEEP,
        /** It is not there any more: nothing to do. */
        GONE,
        /** The world could not be read; the step will try again when it runs. */
        UNKNOWN;

        /** The word shown in previews and JSON ("delete", "keep", "gone", "unknown"; UNTAG shows as "keep"). */
        public String word() {
            return this == UNTAG ? "keep" : name().toLowerCase();
        }
    }

    public static Disposition delete(String kind, String id, String reason) {
        return new Disposition(kind, id, Verdict.DELETE, reason);
    }

    public static Disposition keep(String kind, String id, String reason) {
        return new Disposition(kind, id, Verdict.KEEP, reason);
    }

    public static Disposition untag(String kind, String id, String reason) {
        return new Disposition(kind, id, Verdict.UNTAG, reason);
    }

    public static Disposition gone(String kind, String id, String reason) {
        return new Disposition(kind, id, Verdict.GONE, reason);
    }

    /** True if teardown changes something about this resource. */
    public boolean changes() {
        return verdict == Verdict.DELETE || verdict == Verdict.UNTAG || verdict == Verdict.UNKNOWN;
    }

    public Map<String, Object> toJson() {
        return Json.obj("kind", kind, "id", id, "action", verdict.word(), "untag", verdict == Verdict.UNTAG, "reason", reason);
    }
}
