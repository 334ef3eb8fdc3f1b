"""Drives a program through a pseudo-terminal like a person would.

usage: python3 pty-drive.py STEPS_JSON ARGV...
STEPS_JSON is a list of [expect, send] pairs: wait until the output (since the previous match) contains
`expect`, then type `send` ("\u0003" is Ctrl-C). Prints everything the program wrote, then exits with the
program's exit code (128 + N if signal N ended it). Gives up after 20 minutes of silence.
"""
import json
import os
import pty
import select
import sys

steps = json.loads(sys.argv[1])
argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)

out = b""
seen = 0
step = 0
while True:
    if step < len(steps) and steps[step][0].encode() in out[seen:]:
        seen = out.index(steps[step][0].encode(), seen) + len(steps[step][0].encode())
        os.write(fd, steps[step][1].encode())
        step += 1
        continue
    r, _, _ = select.select([fd], [], [], 1200)
    if not r:
        break
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk

sys.stdout.write(out.decode("utf-8", "replace"))
sys.stdout.flush()
_, status = os.waitpid(pid, 0)
if os.WIFSIGNALED(status):
    sys.exit(128 + os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
