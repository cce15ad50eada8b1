"""host/certificate.sh: a Let's Encrypt certificate when a host name is given, a self-signed one otherwise.

certbot runs as a stand-in that checks the arguments of `certbot certonly` as its documentation defines them
(https://eff-certbot.readthedocs.io/en/stable/using.html#certbot-command-line-options) and, like certbot on a
successful issuance, runs the deploy hook with RENEWED_LINEAGE; openssl is the real one.
"""
import os
import shlex
import stat
import tempfile
import unittest
from pathlib import Path

from support import PBX, run

SCRIPT = PBX / "host" / "certificate.sh"
FAKE_CERTBOT = r'''#!/usr/bin/env python3
import os, subprocess, sys
args = sys.argv[1:]
with open(os.environ["FAKE_CERTBOT_LOG"], "a") as log:
    log.write(repr(args) + "\n")
if os.environ.get("FAKE_CERTBOT_FAIL"):
    print("Certbot failed to authenticate some domains (authenticator: standalone)", file=sys.stderr)
    sys.exit(1)
assert args[0] == "certonly", args
value = lambda flag: args[args.index(flag) + 1]
name, domain, hook = value("--cert-name"), value("-d"), value("--deploy-hook")
lineage = os.path.join(os.environ["IVR_LETSENCRYPT_DIR"], "live", name)
os.makedirs(lineage, exist_ok=True)
for f, text in (("fullchain.pem", "LE CHAIN for " + domain), ("privkey.pem", "LE KEY for " + domain)):
    with open(os.path.join(lineage, f), "w") as out:
        out.write(text + "\n")
subprocess.run(hook, shell=True, check=True, env={**os.environ, "RENEWED_LINEAGE": lineage})
'''
FAKE_ASTERISK = '#!/bin/sh\necho "$*" >> "$FAKE_ASTERISK_LOG"\n'


class CertificateTests(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="pbx-cert-"))
        self.addCleanup(run, "rm", "-rf", str(self.dir))
        bin_dir = self.dir / "bin"
        bin_dir.mkdir()
        for name, text in (("certbot", FAKE_CERTBOT), ("asterisk", FAKE_ASTERISK)):
            (bin_dir / name).write_text(text)
            (bin_dir / name).chmod(0o755)
        self.cert, self.key = self.dir / "keys" / "ivr-pbx.crt", self.dir / "keys" / "ivr-pbx.key"
        self.env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "IVR_LETSENCRYPT_DIR": str(self.dir / "le"),
                    "IVR_ASTERISK_GROUP": "root", "FAKE_CERTBOT_LOG": str(self.dir / "certbot.log"),
                    "FAKE_ASTERISK_LOG": str(self.dir / "asterisk.log")}

    def certificate(self, *host, **env):
        return run("bash", str(SCRIPT), str(self.cert), str(self.key), "203.0.113.10", *host, env={**self.env, **env})

    def certbot_calls(self):
        log = self.dir / "certbot.log"
        return [eval(line) for line in log.read_text().splitlines()] if log.exists() else []  # noqa: S307 (our own repr)

    def test_a_host_name_gets_a_lets_encrypt_certificate_by_http_01_and_a_deploy_hook_for_renewals(self):
        result = self.certificate("pbx.example.com")
        self.assertEqual(result.returncode, 0, result.stderr)
        [args] = self.certbot_calls()
        self.assertEqual(args[0], "certonly")
        self.assertLessEqual({"--standalone", "--non-interactive", "--agree-tos", "--keep-until-expiring"}, set(args))
        self.assertEqual(args[args.index("-d") + 1], "pbx.example.com")
        self.assertEqual(args[args.index("--preferred-challenges") + 1], "http")
        hook = shlex.split(args[args.index("--deploy-hook") + 1])
        self.assertEqual(hook[1:], [str(SCRIPT.resolve()), "--deploy-hook", str(self.cert), str(self.key)])
        self.assertEqual(self.cert.read_text(), "LE CHAIN for pbx.example.com\n")
        self.assertEqual(self.key.read_text(), "LE KEY for pbx.example.com\n")
        self.assertEqual(stat.S_IMODE(self.key.stat().st_mode), 0o640, "the key is readable by Asterisk's group only")
        # The hook (as certbot runs it on each renewal) restarts Asterisk between calls, never during one.
        self.assertEqual((self.dir / "asterisk.log").read_text(), "-rx core restart when convenient\n")

    def test_without_a_host_name_or_while_lets_encrypt_fails_the_certificate_is_self_signed_for_the_public_ip(self):
        for host, env in (((), {}), (("pbx.example.com",), {"FAKE_CERTBOT_FAIL": "1"})):
            with self.subTest(host=host):
                for f in (self.cert, self.key):
                    f.unlink(missing_ok=True)
                result = self.certificate(*host, **env)
                self.assertEqual(result.returncode, 0, result.stderr)
                subject = run("openssl", "x509", "-in", str(self.cert), "-noout", "-subject", "-ext", "subjectAltName").stdout
                self.assertIn("CN = 203.0.113.10", subject)
                self.assertIn("IP Address:203.0.113.10", subject)
                self.assertEqual(stat.S_IMODE(self.key.stat().st_mode), 0o640)
        self.assertIn("WARNING: Let's Encrypt gave no certificate for pbx.example.com", result.stdout)
        self.assertEqual(len(self.certbot_calls()), 1, "certbot runs only when a host name is given")


if __name__ == "__main__":
    unittest.main()
