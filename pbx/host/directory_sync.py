#!/usr/bin/env python3
"""The PBX follows the directory: polls the Departments and Agents tables and the agents' secrets, renders the
Asterisk configuration into a staging directory and applies only what changed, with the reload that takes each
file without dropping calls in progress (pbx/README.md, "The PBX follows the directory").

  directory_sync.py            every IVR_SYNC_INTERVAL_SECONDS (15), until stopped (systemd: ivr-pbx-sync.service)
  directory_sync.py --once     one pass; exit status 1 when it could not complete
  directory_sync.py --once --all [--rendered-to DIR]
                               one pass that installs every rendered file and reloads nothing: host/setup.sh's
                               first render, before it (re)starts Asterisk; DIR gets a copy of what was rendered

Settings (environment; the unit reads /etc/ivr-pbx/settings.env):
  IVR_DEPARTMENTS_TABLE IVR_AGENTS_TABLE        the directory's DynamoDB tables
  IVR_AGENT_SECRET_PREFIX                       Secrets Manager: the agent's password is secret <prefix><agent_id>
  IVR_AGENT_SECRETS_DIR                         or locally: one file per agent, named <agent_id>
  IVR_REGION IVR_AWS_ENDPOINT_URL IVR_AWS_CLI   where `aws` goes (awscli.py)
  IVR_QUEUE_MAX_WAIT_SECONDS (300)              a department's max_wait_seconds when its item has none
  IVR_PBX_RENDER_ARGS (/etc/ivr-pbx/render.args)  render.py's host options, a JSON list (host/setup.sh writes it)
  IVR_PBX_ETC_DIR (/etc/asterisk)
  IVR_PBX_PROMPT_DIR (/var/lib/asterisk/sounds/ivr-pbx)  render.py's --prompt-dir: make-prompts.sh writes the
                                                prompts of prompts.tsv into <dir>/en, of prompts-<language>.tsv into
                                                <dir>/<language>
  IVR_PBX_STATE_DIR (/var/lib/ivr-pbx/sync)     staging, the last good render input, what Asterisk has loaded
  IVR_PBX_ASTERISK (asterisk)                   the command that runs `-rx CLI-COMMAND` (locally: chroot ROOT asterisk)
  IVR_PROMPT_ENGINE (polly)                     make-prompts.sh engine; polly falls back to espeak
"""
import argparse
import hashlib
import json
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from awscli import Aws, AwsError, plain  # noqa: E402

PBX = Path(__file__).resolve().parent.parent
log = logging.getLogger("ivr-pbx-sync")

# contract 1 of docs/contracts.md (agents) and the renderer's department rule.
NAME = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
RESERVED_AGENT_IDS = {"unknown", "fax", "talk", "operator", "voicemail", "status", "agent"}
RESERVED_DEPARTMENTS = {"unknown", "fax", "talk"}
LANGUAGES = {"en", "es"}
PASSWORD = re.compile(r"^[A-Za-z0-9]{16,128}$")
MAX_WAIT_RANGE = (30, 3600)

# How each rendered file reaches a running Asterisk without dropping a call in progress, in the order applied:
# the prompts before the dialplan that plays them, endpoints before the queues whose members they are, the dialplan
# (which sends calls into the queues) last. Each command was checked with a call up (tests/test_sync.py).
# The prompts come first: prompts.tsv (English) and prompts-<language>.tsv, each made by prompts/make-prompts.sh
# (only new or changed prompts) into its language's folder.
PROMPTS = re.compile(r"^prompts(?:-([a-z]{2}))?\.tsv$")
RELOADS = [
    ("pjsip.conf", "module reload res_pjsip.so"),
    ("queues.conf", "module reload app_queue.so"),
    ("musiconhold.conf", "moh reload"),
    ("extensions.conf", "dialplan reload"),
]
LIVE_CONF = {name for name, _ in RELOADS}


class OncePerChange(logging.Filter):
    """A warning about the same item is logged on the pass where it appears, not again on every pass after it."""

    def __init__(self):
        super().__init__()
        self.previous, self.current = set(), set()

    def new_pass(self):
        self.previous, self.current = self.current, set()

    def filter(self, record):
        if record.levelno != logging.WARNING:
            return True
        message = record.getMessage()
        self.current.add(message)
        return message not in self.previous


class SkipItem(Exception):
    """One directory item that cannot be used: logged and left out, the others go on."""


def departments_from(items, default_max_wait):
    """The render input's departments: every valid voiceConnector department, in the directory's order."""
    rows = []
    for item in items:
        try:
            name = item.get("department_name")
            if not isinstance(name, str) or not NAME.match(name) or name in RESERVED_DEPARTMENTS:
                raise SkipItem(f"department name {name!r} is not 2-32 lower-case letters, digits or '_' (or is reserved)")
            if item.get("service") != "voiceConnector":
                continue  # a PSTN department never reaches the PBX
            max_wait = item.get("max_wait_seconds", default_max_wait)
            if not isinstance(max_wait, int) or not MAX_WAIT_RANGE[0] <= max_wait <= MAX_WAIT_RANGE[1]:
                log.warning("department %s: max_wait_seconds %r is not %d-%d; using %d",
                            name, max_wait, *MAX_WAIT_RANGE, default_max_wait)
                max_wait = default_max_wait
            rows.append((item.get("position"), name, {"name": name, "max_wait_seconds": max_wait}))
        except SkipItem as error:
            log.warning("skipping a department item: %s", error)
    # The directory's order is its position attribute where set (IvrApi's admin order), else the name.
    rows.sort(key=lambda row: (row[0] is None, row[0] if isinstance(row[0], (int, float)) else 0, row[1]))
    return [row[2] for row in rows]


def agent_from(item, departments):
    """One agent of the render input without its password, or SkipItem."""
    agent_id = item.get("agent_id")
    if not isinstance(agent_id, str) or not NAME.match(agent_id) or agent_id in RESERVED_AGENT_IDS:
        raise SkipItem(f"agent id {agent_id!r} is not 2-32 lower-case letters, digits or '_' (or is reserved)")
    if agent_id in departments:
        raise SkipItem(f"agent {agent_id}: the id is also a department's name")
    display_name = item.get("display_name", agent_id)
    if not isinstance(display_name, str) or not display_name.strip() or len(display_name) > 64 \
            or any(ord(c) < 32 or c in '"\\;' for c in display_name):
        raise SkipItem(f"agent {agent_id}: display_name {display_name!r} is empty, too long or has a control character or quote")
    served = item.get("departments")
    if not isinstance(served, list) or not served or not all(isinstance(d, str) for d in served):
        raise SkipItem(f"agent {agent_id}: departments must be a non-empty list of names")
    known = [d for d in served if d in departments]
    if not known:
        raise SkipItem(f"agent {agent_id}: none of the departments {served} is a Voice Connector department the PBX knows")
    if len(known) < len(served):
        log.warning("agent %s: leaving out departments the PBX does not know: %s", agent_id, sorted(set(served) - set(known)))
    languages = item.get("languages", ["en"])
    if not isinstance(languages, list) or not languages or not set(languages) <= LANGUAGES:
        raise SkipItem(f"agent {agent_id}: languages {languages!r} must be a non-empty list of en, es")
    return {"id": agent_id, "display_name": display_name, "departments": known, "languages": languages}


class SecretsUnavailable(Exception):
    """The secrets could not be read at all (not one missing secret): the pass keeps the last good configuration
    instead of signing every agent out."""


class Secrets:
    """The agents' SIP passwords (contract 2 of docs/contracts.md), from Secrets Manager or from a local directory.

    Secrets Manager: one GetSecretValue per agent per pass (the host is granted GetSecretValue on <prefix>* only, not
    ListSecrets, which takes no resource and would name every secret in the account), so a rotated password works on
    the next pass. At 15 s that is 5,760 calls a day per agent (about $0.03 a day per agent at $0.05 per 10,000).
    """

    def __init__(self, aws, prefix=None, directory=None):
        self.aws, self.prefix, self.directory = aws, prefix, directory

    def password(self, agent_id):
        """The agent's password, or None when it has no secret (yet); SecretsUnavailable when none can be read."""
        if self.directory:
            try:
                return (Path(self.directory) / agent_id).read_text(encoding="ascii")
            except FileNotFoundError:
                return None
            except (OSError, UnicodeDecodeError) as error:
                raise SecretsUnavailable(f"agent {agent_id}'s secret file: {error}") from error
        try:
            value = self.aws("secretsmanager", "get-secret-value", "--secret-id", self.prefix + agent_id)
        except AwsError as error:
            if "ResourceNotFoundException" in str(error):
                return None
            raise SecretsUnavailable(str(error)) from error
        return value.get("SecretString") if isinstance(value, dict) else None

    def passwords(self, agent_ids):
        """agent id -> password for those agents whose secret exists and is valid; the others are logged."""
        found = {}
        for agent_id in agent_ids:
            password = self.password(agent_id)
            where = f"{self.directory}/{agent_id}" if self.directory else f"secret {self.prefix}{agent_id}"
            if password is None:
                log.warning("agent %s: no %s (yet): left out", agent_id, where)
            elif not PASSWORD.match(password):
                log.warning("agent %s: its password is not 16-128 letters and digits: left out", agent_id)
            else:
                found[agent_id] = password
        return found


def scan(aws, table):
    """Every item of a table as plain Python (the CLI follows the pages)."""
    return [{k: plain(v) for k, v in item.items()} for item in aws("dynamodb", "scan", "--table-name", table)["Items"]]


def render_input(aws, secrets, environ):
    """contract 4 of docs/contracts.md from the tables and secrets; AwsError when a table cannot be read."""
    default_max_wait = int(environ.get("IVR_QUEUE_MAX_WAIT_SECONDS", "300"))
    departments = departments_from(scan(aws, environ["IVR_DEPARTMENTS_TABLE"]), default_max_wait)
    names = {d["name"] for d in departments}
    agents = []
    for item in sorted(scan(aws, environ["IVR_AGENTS_TABLE"]), key=lambda i: str(i.get("agent_id"))):
        try:
            agents.append(agent_from(item, names))
        except SkipItem as error:
            log.warning("skipping an agent item: %s", error)
    passwords = secrets.passwords([a["id"] for a in agents])
    agents = [{**a, "password": passwords[a["id"]]} for a in agents if a["id"] in passwords]
    return {"departments": departments, "agents": agents}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


class Sync:
    def __init__(self, environ=os.environ, aws=None):
        self.environ = environ
        self.aws = aws or Aws(environ)
        self.secrets = Secrets(self.aws, environ.get("IVR_AGENT_SECRET_PREFIX"), environ.get("IVR_AGENT_SECRETS_DIR"))
        if not (self.secrets.prefix or self.secrets.directory):
            raise SystemExit("directory_sync: set IVR_AGENT_SECRET_PREFIX or IVR_AGENT_SECRETS_DIR")
        for name in ("IVR_DEPARTMENTS_TABLE", "IVR_AGENTS_TABLE"):
            if not environ.get(name):
                raise SystemExit(f"directory_sync: {name} is not set")
        self.etc = Path(environ.get("IVR_PBX_ETC_DIR", "/etc/asterisk"))
        self.prompts = Path(environ.get("IVR_PBX_PROMPT_DIR", "/var/lib/asterisk/sounds/ivr-pbx"))
        self.state = Path(environ.get("IVR_PBX_STATE_DIR", "/var/lib/ivr-pbx/sync"))
        self.render_args = json.loads(Path(environ.get("IVR_PBX_RENDER_ARGS", "/etc/ivr-pbx/render.args")).read_text())
        self.asterisk = shlex.split(environ.get("IVR_PBX_ASTERISK", "asterisk"))
        self.engine = environ.get("IVR_PROMPT_ENGINE", "polly")
        self.state.mkdir(parents=True, exist_ok=True, mode=0o700)
        # sha256 of each file as Asterisk last loaded it: a failed reload is tried again on the next pass.
        self.loaded_file = self.state / "loaded.json"
        self.loaded = json.loads(self.loaded_file.read_text()) if self.loaded_file.exists() else {}
        self.warned = set()
        self.repeats = OncePerChange()
        log.addFilter(self.repeats)

    def rx(self, command, check=True):
        done = subprocess.run(self.asterisk + ["-rx", command], capture_output=True, text=True, timeout=60, check=False)
        # `asterisk -rx` exits 0 even when the command failed: its output says so.
        failed = done.returncode != 0 or re.search(r"(?i)unable to connect|failed|error|no such (command|module)", done.stdout + done.stderr)
        if failed and check:
            raise RuntimeError(f"asterisk -rx '{command}': {(done.stdout + done.stderr).strip()[-300:]}")
        return done.stdout

    def sign_out_removed(self):
        """Deletes the registrations of agents whose AOR the reload removed.

        res_pjsip keeps a registered contact in the Asterisk database, and a reload that removes its AOR leaves it
        there (checked on Asterisk 22): the agent would still be listed, and be signed in again if re-created.
        """
        for key in re.findall(r"^/registrar/(contact/([a-z][a-z0-9_]*);@[0-9a-f]+)\s*:", self.rx("database show registrar", check=False), re.M):
            contact, aor = key
            if "Unable to find object" in self.rx(f"pjsip show aor {aor}", check=False):
                self.rx(f"database del registrar {contact}")
                log.info("agent %s signed out: its registration %s is deleted", aor, contact)

    def render(self, directory):
        """render.py into a fresh staging directory; the previous staging is replaced only when this one succeeds."""
        staging = Path(tempfile.mkdtemp(prefix="staging-", dir=self.state))
        input_file = staging / "directory.json"  # holds passwords: the state directory is 0700
        input_file.write_text(json.dumps(directory, indent=1))
        done = subprocess.run([sys.executable, str(PBX / "render.py"), "--out", str(staging / "etc"),
                               "--directory", str(input_file), *self.render_args],
                              capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise RuntimeError(f"render.py refused the directory: {done.stderr.strip()[-500:]}")
        return staging

    def install(self, source, target):
        """Replaces target atomically, mode 640, owned as the file it replaces (or as its directory)."""
        owner = (target if target.exists() else target.parent).stat()
        temporary = target.with_name(f".{target.name}.ivr-sync")
        shutil.copyfile(source, temporary)
        os.chmod(temporary, 0o640)
        os.chown(temporary, owner.st_uid, owner.st_gid)
        os.replace(temporary, target)

    def make_prompts(self, tsv):
        language = PROMPTS.match(tsv.name).group(1) or "en"
        folder = self.prompts / language
        folder.mkdir(parents=True, exist_ok=True)
        script = str(PBX / "prompts" / "make-prompts.sh")
        done = subprocess.run(["bash", script, self.engine, str(tsv), str(folder), language], capture_output=True, text=True, check=False)
        if done.returncode != 0 and self.engine == "polly":
            # A caller must hear words, not silence: speak offline until Polly works again (as host/setup.sh does).
            log.warning("Amazon Polly failed (%s); making the prompts offline with espeak-ng", done.stderr.strip()[-300:])
            done = subprocess.run(["bash", script, "espeak", str(tsv), str(folder), language], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"make-prompts.sh failed: {done.stderr.strip()[-300:]}")
        owner = self.prompts.stat()
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, owner.st_uid, owner.st_gid)
        for line in done.stdout.splitlines():
            log.info("%s", line)

    def apply(self, staging, install_all=False):
        """Installs the changed live files and reloads what each needs; returns the names of the files applied."""
        etc = staging / "etc"
        applied = []
        if install_all:
            for path in sorted(etc.iterdir()):
                if PROMPTS.match(path.name):
                    self.make_prompts(path)
                elif path.suffix == ".conf":
                    self.install(path, self.etc / path.name)
                self.loaded.pop(path.name, None)  # Asterisk is restarted after this: nothing is known loaded
            self.loaded_file.write_text(json.dumps(self.loaded))
            return sorted(p.name for p in etc.iterdir())
        for path in sorted(etc.iterdir()):
            # Files the directory does not drive (ports, TLS, modules) change only with host/setup.sh's settings.
            if path.name not in LIVE_CONF and path.suffix == ".conf" and digest(path) != digest(self.etc / path.name):
                if (path.name, digest(path)) not in self.warned:
                    log.warning("%s differs from the installed one; it is not reloaded live: run host/setup.sh", path.name)
                    self.warned.add((path.name, digest(path)))
        prompts = [(p.name, None) for p in sorted(etc.iterdir()) if PROMPTS.match(p.name)]
        for name, command in prompts + RELOADS:
            path = etc / name
            if not path.exists() or digest(path) == self.loaded.get(name):
                continue
            if command is None:
                self.make_prompts(path)
            else:
                if digest(path) != digest(self.etc / name):
                    self.install(path, self.etc / name)
                output = self.rx(command)
                log.info("applied %s: %s", name, " ".join(output.split())[:200] or command)
                if name == "pjsip.conf":
                    self.sign_out_removed()
            self.loaded[name] = digest(path)
            self.loaded_file.write_text(json.dumps(self.loaded))
            applied.append(name)
        return applied

    def once(self, install_all=False, rendered_to=None):
        """One pass. Any failure keeps the configuration Asterisk has (the last good one) and is logged."""
        self.repeats.new_pass()
        try:
            directory = render_input(self.aws, self.secrets, self.environ)
        except (AwsError, SecretsUnavailable, KeyError, ValueError, TypeError) as error:
            log.error("could not read the directory; keeping the last good configuration: %s", error)
            return False
        try:
            staging = self.render(directory)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            log.error("%s; keeping the last good configuration", error)
            return False
        try:
            applied = self.apply(staging, install_all)
            if rendered_to:
                shutil.copytree(staging / "etc", rendered_to, dirs_exist_ok=True)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            log.error("applying the new configuration failed (tried again next pass): %s", error)
            return False
        finally:
            for old in self.state.glob("staging-*"):
                if old != staging:
                    shutil.rmtree(old, ignore_errors=True)
        if applied:
            log.info("directory applied: %d departments (%s), %d agents (%s); changed: %s",
                     len(directory["departments"]), " ".join(d["name"] for d in directory["departments"]),
                     len(directory["agents"]), " ".join(a["id"] for a in directory["agents"]), " ".join(applied))
        return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--once", action="store_true", help="one pass, then exit")
    parser.add_argument("--all", action="store_true", help="with --once: install every rendered file, reload nothing")
    parser.add_argument("--rendered-to", help="with --all: copy the rendered files to this directory")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    sync = Sync()
    if args.once:
        return 0 if sync.once(args.all, args.rendered_to) else 1
    interval = float(os.environ.get("IVR_SYNC_INTERVAL_SECONDS", "15"))
    log.info("following the directory every %g s", interval)
    while True:
        started = time.monotonic()
        sync.once()
        time.sleep(max(1.0, interval - (time.monotonic() - started)))


if __name__ == "__main__":
    sys.exit(main())
