package io.kopsauth.workflow;

import io.kopsauth.exec.Cmd;
import io.kopsauth.json.Json;
import java.nio.file.Path;
import java.util.Map;

/**
 * One thing a step does to the world, said the way a person would do it by hand: a command line, an AWS API
 * call, a file change, a Kubernetes object. Steps list them in {@link Step#describe}; recording ports report
 * them during a dry run; the tutorial shows them before asking.
 *
 * @param kind   what sort of action
 * @param text   the command line, API call or change, one line
 * @param detail longer content (a document piped to stdin, a policy, a YAML fragment), or null
 */
public record Action(Kind kind, String text, String detail) {

    /** What sort of action. */
    public enum Kind { COMMAND, AWS, FILE, KUBERNETES, NOTE }

    /** A child-process command line (secrets redacted); its stdin, if any, becomes the detail. */
    public static Action command(Cmd cmd) {
        return new Action(Kind.COMMAND, cmd.display(), cmd.stdin());
    }

    /** An AWS API call such as {@code s3:CreateBucket bucket=x region=y}. */
    public static Action aws(String call, String detail) {
        return new Action(Kind.AWS, call, detail);
    }

    /** A change to a local file. */
    public static Action file(Path file, String change, String detail) {
        return new Action(Kind.FILE, change + " " + file, detail);
    }

    /** A change to a Kubernetes object (through kubectl). */
    public static Action kubernetes(String change, String detail) {
        return new Action(Kind.KUBERNETES, change, detail);
    }

    /** Something worth saying that is not an action on the world (a wait, a decision). */
    public static Action note(String text) {
        return new Action(Kind.NOTE, text, null);
    }

    public Map<String, Object> toJson() {
        return Json.obj("kind", kind.name().toLowerCase(), "text", text, "detail", detail);
    }
}
