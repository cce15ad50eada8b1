"""Shared helpers: render the configuration into a temporary directory with the seed inputs."""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PBX = Path(__file__).resolve().parent.parent
REPO = PBX.parent
sys.path.insert(0, str(PBX))
import render  # noqa: E402  (the module under test lives one folder up)

DEPARTMENTS = ["science", "art", "history", "math"]
PASSWORD = "Abcdefghij0123456789KLMNOPqrstuv"
# The directory's agents (contract 4 of docs/contracts.md): alice serves two departments, bob one; math has nobody.
AGENTS = [
    {"id": "alice", "display_name": "Alice Smith", "departments": ["history", "art"], "languages": ["en"], "password": PASSWORD},
    {"id": "bob", "display_name": "Bob Jones", "departments": ["science"], "password": "Bobbybobbybobby0123456789"},
]
INPUTS = {
    "public_ip": "203.0.113.10", "private_ip": "10.0.1.5", "local_net": ["10.0.0.0/16"],
    "voice_connector_host": "abcdef1ghij2klmn3opq4.voiceconnector.chime.aws",
    "voice_connector_cidr": ["3.80.16.0/23"],
}


def arguments(agents=None, max_waits=None, **overrides):
    """render.py's parsed arguments for the seed inputs and directory, with overrides (keyword = option name)."""
    values = {**INPUTS, "departments": " ".join(DEPARTMENTS), **overrides}
    argv = ["--out", "unused"]
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            argv += ["--" + key.replace("_", "-"), str(item)]
    args = render.with_directory(render.parser().parse_args(argv))
    args.agents = [dict(a) for a in (AGENTS if agents is None else agents)]
    args.max_waits = max_waits or {}
    return args


class Rendered:
    """The files render.py writes, read back as text."""

    def __init__(self, **overrides):
        self.args = arguments(**overrides)
        self.dir = Path(tempfile.mkdtemp(prefix="pbx-render-"))
        try:
            render.render(self.args, self.dir)
        except render.InputError:
            self.close()
            raise
        self.files = {p.name: p.read_text(encoding="utf-8") for p in self.dir.iterdir()}

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def run(*command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
