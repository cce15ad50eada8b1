"""The shell scripts: syntax, shellcheck, and the user-data contract with the deploy project."""
import ipaddress
import re
import tempfile
import unittest
from pathlib import Path

from support import PBX, run

SCRIPTS = sorted(p for p in PBX.rglob("*.sh") if "node_modules" not in p.parts)  # not npm's (pbx/stack)
# What the deploy project exports before the verbatim user-data.sh (the fixed interface).
DEPLOY_EXPORTS = {"IVR_REGION": "us-east-1", "IVR_PUBLIC_IP": "203.0.113.10",
                  "IVR_VOICE_CONNECTOR_HOST": "abcdef1ghij2klmn3opq4.voiceconnector.chime.aws",
                  "IVR_DEPARTMENTS_TABLE": "ivr-departments", "IVR_AGENTS_TABLE": "ivr-agents",
                  "IVR_AGENT_SECRET_PREFIX": "ivr/agents/", "IVR_VOICEMAIL_BUCKET": "ivr-voicemail-111111111111",
                  "IVR_VOICEMAIL_TOPIC_ARN": "arn:aws:sns:us-east-1:111111111111:ivr-voicemail",
                  "IVR_POLLY_VOICE": "Joanna", "IVR_PBX_BUNDLE_URL": "s3://bucket/key.zip"}


class ShellTests(unittest.TestCase):
    def test_the_scripts_are_found(self):
        names = {p.relative_to(PBX).as_posix() for p in SCRIPTS}
        self.assertLessEqual({"ci.sh", "host/setup.sh", "host/user-data.sh", "prompts/make-prompts.sh"}, names)

    def test_bash_syntax(self):
        for script in SCRIPTS:
            with self.subTest(script=script.name):
                result = run("bash", "-n", str(script))
                self.assertEqual(result.returncode, 0, result.stderr)

    def test_shellcheck_is_clean(self):
        for script in SCRIPTS:
            with self.subTest(script=script.name):
                result = run("shellcheck", "--severity=style", str(script))
                self.assertEqual(result.returncode, 0, result.stdout)


class UserDataTests(unittest.TestCase):
    text = (PBX / "host" / "user-data.sh").read_text()

    def test_user_data_fits_the_ec2_limit_with_room_for_the_header(self):
        self.assertLess(len(self.text.encode()), 14 * 1024)

    def test_as_composed_by_the_deploy_project_it_is_clean_bash(self):
        header = "#!/bin/bash\n" + "".join(f"export {k}='{v}'\n" for k, v in DEPLOY_EXPORTS.items())
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as composed:
            composed.write(header + self.text)
        self.addCleanup(Path(composed.name).unlink)
        self.assertEqual(run("bash", "-n", composed.name).returncode, 0)
        result = run("shellcheck", composed.name)
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertFalse(self.text.startswith("#!"), "the deploy project supplies the shebang")

    def test_setup_needs_only_what_the_deploy_project_exports(self):
        scripts = self.text + (PBX / "host" / "setup.sh").read_text()
        required = set(re.findall(r'\$\{(IVR_[A-Z_]+):\?\}', scripts))
        self.assertTrue(required)
        self.assertLessEqual(required, set(DEPLOY_EXPORTS))

    def test_user_data_runs_setup_from_the_unzipped_bundle(self):
        self.assertIn('aws s3 cp --only-show-errors --region "$IVR_REGION" "$IVR_PBX_BUNDLE_URL"', self.text)
        self.assertIn("bash /opt/ivr-pbx/host/setup.sh", self.text)

    def test_voice_connector_signaling_table_is_region_and_network(self):
        rows = [line.split("\t") for line in (PBX / "host" / "voice-connector-signaling.tsv").read_text().splitlines()
                if line and not line.startswith("#")]
        self.assertIn("us-east-1", [region for region, _ in rows])
        for region, cidr in rows:
            self.assertRegex(region, r"^[a-z]{2}-[a-z]+-\d$")
            self.assertTrue(ipaddress.ip_network(cidr).is_global, cidr)


if __name__ == "__main__":
    unittest.main()
