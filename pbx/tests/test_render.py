"""render.py: the rendered files, their cross-references, and the inputs it refuses."""
import configparser
import json
import re
import shutil
import tempfile
import unittest
from pathlib import Path

from support import AGENTS, DEPARTMENTS, PASSWORD, PBX, REPO, Rendered, arguments, render, run
from dialplan import parse


def pjsip_sections(text):
    """[(name, {option: [values]})] in file order; pjsip.conf repeats names across types."""
    sections = []
    for line in text.splitlines():
        line = line.split(";", 1)[0].strip()
        if not line:
            continue
        if line.startswith("["):
            sections.append((line[1:-1], {}))
        else:
            key, _, value = line.partition("=")
            sections[-1][1].setdefault(key.strip(), []).append(value.strip())
    return sections


def of_type(sections, kind):
    return {name: options for name, options in sections if options.get("type") == [kind]}


class RenderedFilesTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rendered = Rendered()
        cls.files = cls.rendered.files
        cls.pjsip = pjsip_sections(cls.files["pjsip.conf"])

    @classmethod
    def tearDownClass(cls):
        cls.rendered.close()

    def test_all_files_are_written_without_leftover_placeholders(self):
        self.assertEqual(set(self.files), set(render.CONFIG_FILES) | {render.FAIL2BAN_FILE, "prompts.tsv", "prompts-es.tsv"})
        for name, text in self.files.items():
            self.assertNotRegex(text, r"\{\{[a-z_]+\}\}", name)

    def test_every_template_placeholder_has_a_value(self):
        values = render.values_from(arguments())
        for name in render.CONFIG_FILES + (render.FAIL2BAN_FILE,):
            used = set(render.PLACEHOLDER.findall((render.TEMPLATES / name).read_text()))
            self.assertLessEqual(used, set(values), name)

    def test_files_holding_the_password_are_not_world_readable(self):
        mode = (self.rendered.dir / "pjsip.conf").stat().st_mode & 0o777
        self.assertEqual(mode & 0o007, 0)

    def test_voice_connector_endpoint_ulaw_no_direct_media_identified_by_host_and_ranges(self):
        endpoint = of_type(self.pjsip, "endpoint")["voice-connector"]
        self.assertEqual(endpoint["allow"], ["ulaw"])
        self.assertEqual(endpoint["disallow"], ["all"])
        self.assertEqual(endpoint["direct_media"], ["no"])
        # Only its source address selects it (no password): a From user naming it must not.
        self.assertEqual(endpoint["identify_by"], ["ip"])
        self.assertNotIn("auth", endpoint)
        identify = of_type(self.pjsip, "identify")
        matches = [m for options in identify.values() for m in options["match"]]
        self.assertEqual(matches, ["abcdef1ghij2klmn3opq4.voiceconnector.chime.aws", "3.80.16.0/23"])
        self.assertTrue(all(o["endpoint"] == ["voice-connector"] for o in identify.values()))

    def test_each_agent_is_webrtc_over_wss_with_its_own_secret_and_one_replaceable_qualified_contact(self):
        endpoints = of_type(self.pjsip, "endpoint")
        self.assertEqual(set(endpoints), {"voice-connector", "alice", "bob"})  # the shared "agent" endpoint is gone
        for agent in AGENTS:
            endpoint = endpoints[agent["id"]]
            self.assertEqual(endpoint["webrtc"], ["yes"])
            self.assertEqual(endpoint["identify_by"], ["username"])
            self.assertEqual(endpoint["dtls_auto_generate_cert"], ["yes"])
            self.assertEqual(endpoint["allow"], ["ulaw"])  # what the Voice Connector leg uses: no transcoding
            self.assertEqual(endpoint["transport"], ["transport-wss"])
            self.assertEqual(endpoint["context"], ["agent-outbound"])
            self.assertEqual(endpoint["message_context"], ["agent-messages"])
            self.assertEqual(endpoint["callerid"], [f'"{agent["display_name"]}" <{agent["id"]}>'])
            # A vanished browser's leg is hung up for lack of RTP (the caller then gets the prompt), but not while held.
            self.assertEqual(endpoint["rtp_timeout"], ["15"])
            self.assertNotIn("rtp_timeout_hold", endpoint)
            auth = of_type(self.pjsip, "auth")[endpoint["auth"][0]]
            self.assertEqual(auth["username"], [agent["id"]])
            self.assertEqual(auth["password"], [agent["password"]])
            aor = of_type(self.pjsip, "aor")[agent["id"]]
            self.assertEqual(aor["max_contacts"], ["1"])
            self.assertEqual(aor["remove_existing"], ["yes"])
            self.assertEqual(aor["qualify_frequency"], ["30"])

    def test_one_queue_per_department_with_the_agents_serving_it(self):
        queues = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
        queues.optionxform = str
        queues.read_string(self.files["queues.conf"].replace("member => ", "member="))
        self.assertEqual([q for q in queues.sections() if q != "general"], DEPARTMENTS)
        prompts = {line.split("\t")[0] for line in self.files["prompts.tsv"].splitlines()}
        contexts = parse(self.files["extensions.conf"])[0]
        members = {"science": "PJSIP/bob,0,bob,PJSIP/bob", "art": "PJSIP/alice,0,alice,PJSIP/alice",
                   "history": "PJSIP/alice,0,alice,PJSIP/alice", "math": None}
        for name in DEPARTMENTS:
            queue = queues[name]
            self.assertEqual((queue["strategy"], queue["timeout"]), ("rrmemory", "15"), name)
            self.assertEqual(queue.get("member"), members[name], name)
            self.assertEqual(queue["joinempty"], "paused,unavailable,invalid,unknown")
            self.assertEqual(queue["leavewhenempty"], "paused,unavailable,invalid,unknown")
            self.assertEqual((queue["announce-position"], queue["announce-holdtime"], queue["announce-frequency"]), ("yes", "yes", "30"))
            self.assertEqual(queue["ringinuse"], "no")
            self.assertEqual(queue["musicclass"], "default")
            self.assertIn(queue["context"], contexts)
            self.assertIn(queue["membergosub"], contexts)
            # Every sound app_queue plays is one of our prompts.
            for option, value in queue.items():
                if option.startswith("queue-") or option == "periodic-announce":
                    self.assertTrue(value.startswith("/var/lib/asterisk/sounds/ivr-pbx/"), option)
                    self.assertIn(value.rsplit("/", 1)[1], prompts, option)
        # The max wait of each department is its Queue timeout.
        waits = {name: contexts["department-queue"][name][0].data for name in DEPARTMENTS}
        self.assertEqual(waits, {name: "MAX_WAIT=300" for name in DEPARTMENTS})

    def test_the_dialplan_knows_each_agents_departments_and_each_transfer_and_mailbox_target(self):
        contexts = parse(self.files["extensions.conf"])[0]
        self.assertEqual({e: p[0].data for e, p in contexts["agent-departments"].items()}, {"alice": "history,art", "bob": "science"})
        self.assertEqual(set(contexts["agent-transfer"]), {f"queue-{d}" for d in DEPARTMENTS})
        self.assertEqual(set(contexts["agent-outbound"]), {"alice", "bob", "_X."} | {f"voicemail-{d}" for d in DEPARTMENTS})

    def test_spanish_has_every_sentence_and_the_numbers_asterisks_spanish_grammar_plays(self):
        english = dict(line.split("\t") for line in self.files["prompts.tsv"].splitlines())
        spanish = dict(line.split("\t") for line in self.files["prompts-es.tsv"].splitlines())
        sentences = {n for n in english if not n.startswith("digits/")}
        self.assertEqual({n for n in spanish if not n.startswith("digits/")}, sentences)
        self.assertIn("departamento de history", spanish["history"])
        self.assertEqual(spanish["queue-press-1"], "Para dejar un mensaje en lugar de esperar, oprima uno.")
        # say.c's Spanish numbers: 1-30 each, "y" between tens and units, cien / ciento, the hundreds.
        for name, text in (("digits/21", "21"), ("digits/30", "30"), ("digits/and", "y"), ("digits/100", "cien"),
                           ("digits/100-and", "ciento"), ("digits/500", "500")):
            self.assertEqual(spanish[name], text)

    def test_numbers_and_queue_sentences_are_prompts(self):
        names = [line.split("\t")[0] for line in self.files["prompts.tsv"].splitlines()]
        for name in ("queue-thereare", "queue-callswaiting", "queue-youarenext", "queue-holdtime", "queue-minutes",
                     "queue-press-1", "vm-intro", "vm-no-agent", "vm-max-wait", "digits/2", "digits/20", "digits/90",
                     "digits/hundred"):
            self.assertIn(name, names)

    def test_every_reference_in_pjsip_conf_exists(self):
        endpoints, contexts = of_type(self.pjsip, "endpoint"), parse(self.files["extensions.conf"])[0]
        for name, options in endpoints.items():
            self.assertIn(options["context"][0], contexts, name)
            self.assertIn(options["message_context"][0], contexts, name)
            for aor in options.get("aors", []):
                self.assertIn(aor, of_type(self.pjsip, "aor"))
            for auth in options.get("auth", []):
                self.assertIn(auth, of_type(self.pjsip, "auth"))
            for transport in options.get("transport", []):
                self.assertIn(transport, of_type(self.pjsip, "transport"))
        for options in of_type(self.pjsip, "identify").values():
            self.assertIn(options["endpoint"][0], endpoints)

    def test_every_transport_carries_the_public_address_and_local_networks(self):
        for name, options in of_type(self.pjsip, "transport").items():
            self.assertEqual(options["external_media_address"], ["203.0.113.10"], name)
            self.assertEqual(options["external_signaling_address"], ["203.0.113.10"], name)
            self.assertEqual(options["local_net"], ["10.0.0.0/16"], name)

    def test_wss_on_the_chosen_port_with_the_given_certificate_and_plain_http_on_loopback_only(self):
        http = configparser.ConfigParser(inline_comment_prefixes=(";",))
        http.read_string(self.files["http.conf"])
        general = http["general"]
        self.assertEqual(general["tlsenable"], "yes")
        self.assertEqual(general["tlsbindaddr"], "0.0.0.0:8089")
        self.assertEqual(general["tlscertfile"], "/etc/asterisk/keys/ivr-pbx.crt")
        self.assertEqual(general["tlsprivatekey"], "/etc/asterisk/keys/ivr-pbx.key")
        self.assertEqual(general["bindaddr"], "127.0.0.1")

    def test_rtp_range_and_ice_host_candidate_maps_private_to_public(self):
        rtp = configparser.ConfigParser(inline_comment_prefixes=(";",), delimiters=("=>", "="))
        rtp.read_string(self.files["rtp.conf"])
        self.assertEqual((rtp["general"]["rtpstart"], rtp["general"]["rtpend"]), ("10000", "20000"))
        self.assertEqual(dict(rtp["ice_host_candidates"]), {"10.0.1.5": "203.0.113.10"})

    def test_only_listed_modules_load_and_none_serves_other_http_paths_or_protocols(self):
        text = self.files["modules.conf"]
        self.assertRegex(text, r"(?m)^autoload=no$")
        load = set(re.findall(r"^load => (\S+)$", text, re.M))
        for module in ("chan_sip.so", "chan_iax2.so", "pbx_ael.so", "pbx_lua.so", "res_ari.so", "app_stasis.so",
                       "res_prometheus.so", "chan_websocket.so", "res_http_post.so", "res_phoneprov.so"):
            self.assertNotIn(module, load)
        # What the dialplan calls, by the module Asterisk documents it in.
        for module in ("app_dial.so", "app_playback.so", "app_stack.so", "app_verbose.so", "func_strings.so",
                       "func_devstate.so", "func_dialplan.so", "res_pjsip_header_funcs.so", "pbx_config.so",
                       "chan_pjsip.so", "res_pjsip_transport_websocket.so", "res_pjsip_endpoint_identifier_ip.so",
                       "res_musiconhold.so", "app_queue.so", "app_record.so", "res_pjsip_refer.so",
                       "res_pjsip_messaging.so", "func_db.so", "func_env.so", "func_callerid.so"):
            self.assertIn(module, load)

    def test_music_on_hold_is_the_default_class_playing_local_files(self):
        moh = configparser.ConfigParser(strict=False, interpolation=None)
        moh.read_string(self.files["musiconhold.conf"])
        self.assertEqual(dict(moh["default"]), {"mode": "files", "directory": "/var/lib/asterisk/moh/ivr-pbx", "sort": "alpha"})

    def test_logs_go_to_syslog_for_journald(self):
        self.assertRegex(self.files["logger.conf"], r"(?m)^syslog\.local0 => .*security")

    def test_every_department_has_a_prompt_text_naming_it_plus_unknown(self):
        lines = [line.split("\t") for line in self.files["prompts.tsv"].splitlines()]
        self.assertEqual([name for name, _ in lines][:len(DEPARTMENTS) + 1], DEPARTMENTS + ["unknown"])
        for name, text in lines[:len(DEPARTMENTS)]:
            self.assertIn(f"the {name} department", text)

    def test_every_department_has_a_dialplan_path_to_its_prompt(self):
        prompts = parse(self.files["extensions.conf"])[0]["department-prompt"]
        for name in DEPARTMENTS + ["unknown"]:
            self.assertEqual(prompts[name][0].data, f"/var/lib/asterisk/sounds/ivr-pbx/{name}")


class InputTests(unittest.TestCase):
    def scratch(self):
        path = Path(tempfile.mkdtemp(prefix="pbx-test-"))
        self.addCleanup(shutil.rmtree, path, True)
        return path

    def rendered(self, **overrides):
        rendered = Rendered(**overrides)
        self.addCleanup(rendered.close)
        return rendered.files

    def test_allow_list_follows_the_department_list_in_order(self):
        files = self.rendered(departments="billing customer_care")
        prompts = parse(files["extensions.conf"])[0]["department-prompt"]
        self.assertEqual(list(prompts), ["billing", "customer_care", "unknown"])
        self.assertIn("the customer care department", files["prompts.tsv"])

    def test_departments_json_names_are_used_and_unknown_fields_ignored(self):
        self.assertEqual(render.departments_from_json(REPO / "IvrApi" / "departments.json")[:len(DEPARTMENTS)],
                         DEPARTMENTS)
        path = self.scratch() / "departments.json"
        path.write_text('[{"department_name": "Sales", "service": "pstnNumber", "number": "+15550100",'
                        ' "synonyms": ["buy"], "hours": {"mon": "9-17"}}]')
        self.assertEqual(render.departments_from_json(path), ["sales"])

    def test_no_private_ip_means_no_ice_mapping_and_no_cidrs_means_host_only(self):
        files = self.rendered(private_ip="203.0.113.10", voice_connector_cidr=[])
        self.assertNotIn("ice_host_candidates", files["rtp.conf"])
        self.assertEqual(files["pjsip.conf"].count("type=identify"), 1)

    def test_settings_reach_the_files(self):
        files = self.rendered(wss_port=8443, rtp_start=12000, rtp_end=12100, agent_ring_seconds=35,
                              prompt_dir="/srv/prompts", prompt_text="You reached {department}. Bye.",
                              queue_strategy="leastrecent", queue_announce_seconds=45, queue_max_wait_seconds=600,
                              voicemail_max_seconds=90, voicemail_spool="/srv/spool", max_waits={"art": 40})
        self.assertIn("Playback(/srv/prompts/math)", files["extensions.conf"])
        self.assertIn("Playback(/srv/prompts/vm-intro)", files["extensions.conf"])
        self.assertIn("VOICEMAIL_MAX_SECONDS=90", files["extensions.conf"])
        self.assertIn("VOICEMAIL_SPOOL=/srv/spool", files["extensions.conf"])
        self.assertIn("exten => art,1,Set(MAX_WAIT=40)", files["extensions.conf"])
        self.assertIn("exten => math,1,Set(MAX_WAIT=600)", files["extensions.conf"])
        self.assertIn("strategy=leastrecent\n", files["queues.conf"])
        self.assertIn("timeout=35\n", files["queues.conf"])
        self.assertIn("announce-frequency=45\n", files["queues.conf"])
        self.assertIn("queue-thereare=/srv/prompts/queue-thereare\n", files["queues.conf"])
        self.assertIn("tlsbindaddr=0.0.0.0:8443", files["http.conf"])
        self.assertIn("rtpstart=12000\nrtpend=12100", files["rtp.conf"])
        self.assertIn("math\tYou reached math. Bye.", files["prompts.tsv"])

    def test_an_agents_department_without_a_queue_is_left_out_and_no_agent_is_fine(self):
        files = self.rendered(agents=[{"id": "carol", "departments": ["art", "sales"], "password": PASSWORD}])
        self.assertIn("exten => carol,1,Return(art)", files["extensions.conf"])
        self.assertIn('callerid="carol" <carol>', files["pjsip.conf"])
        files = self.rendered(agents=[])
        self.assertNotIn("type=aor", files["pjsip.conf"])
        self.assertNotIn("member =>", files["queues.conf"])

    def test_a_display_name_keeps_only_plain_characters(self):
        files = self.rendered(agents=[{"id": "carol", "display_name": 'Carol "x" <y>\n[z]; Müller-O\'Neil', "departments": ["art"],
                                       "password": PASSWORD}])
        self.assertIn('callerid="Carol x yz Müller-O\'Neil" <carol>', files["pjsip.conf"])

    def test_unsafe_or_broken_inputs_are_refused(self):
        cases = {
            "path in a department": dict(departments="../etc art"),
            "upper case department": dict(departments="Art"),
            "one-letter department (special extension)": dict(departments="s art"),
            "pattern-like department": dict(departments="_x art"),
            "hyphen (ignored by Asterisk matching)": dict(departments="customer-care"),
            "reserved department": dict(departments="unknown art"),
            "duplicate department": dict(departments="art art"),
            "empty department list": dict(departments=""),
            "department too long": dict(departments="a" * 33),
            "public IP": dict(public_ip="203.0.113.10\n[evil]"),
            "host name": dict(voice_connector_host="vc.example.com\nmatch=0.0.0.0/0"),
            "CIDR": dict(voice_connector_cidr=["0.0.0.0/0;x"]),
            "agent id with a bracket": dict(agents=[{"id": "al]\n[x", "departments": ["art"], "password": PASSWORD}]),
            "upper-case agent id": dict(agents=[{"id": "Alice", "departments": ["art"], "password": PASSWORD}]),
            "reserved agent id": dict(agents=[{"id": "status", "departments": ["art"], "password": PASSWORD}]),
            "agent id of a department": dict(agents=[{"id": "art", "departments": ["art"], "password": PASSWORD}]),
            "agent twice": dict(agents=[{"id": "al", "departments": ["art"], "password": PASSWORD}] * 2),
            "agent language": dict(agents=[{"id": "al", "departments": ["art"], "languages": ["fr"], "password": PASSWORD}]),
            "max wait too short": dict(max_waits={"art": 29}),
            "max wait not a number": dict(max_waits={"art": "300"}),
            "queue strategy": dict(queue_strategy="ringall\n[x]"),
            "announcement interval": dict(queue_announce_seconds=5),
            "voicemail length": dict(voicemail_max_seconds=0),
            "negative language wait": dict(queue_language_wait_seconds=-1),
            "language wait over 10 minutes": dict(queue_language_wait_seconds=601),
            "spool path": dict(voicemail_spool="spool"),
            "certificate path": dict(tls_cert_file="/etc/my cert.pem"),
            "relative key path": dict(tls_key_file="key.pem"),
            "RTP range": dict(rtp_start=20000, rtp_end=10000),
            "privileged port": dict(wss_port=443),
            "ring time": dict(agent_ring_seconds=0),
            "prompt template without department": dict(prompt_text="Hello"),
            "multi-line prompt": dict(unknown_prompt_text="Hello\nworld"),
        }
        for what, overrides in cases.items():
            with self.subTest(what):
                with self.assertRaises(render.InputError):
                    Rendered(**overrides)
        for password in ("short1", "Abcdefghij0123456789;KLMNOP", "Abcdefghij0123456789 KLMNOP", ""):
            with self.subTest(password=password), self.assertRaises(render.InputError):
                Rendered(agents=[{"id": "al", "departments": ["art"], "password": password}])

    def render_cli(self, *departments):
        """render.py run as the host runs it; returns the result and the output directory."""
        out = self.scratch() / "out"
        result = run("python3", str(PBX / "render.py"), "--out", str(out), "--public-ip", "203.0.113.10",
                     "--voice-connector-host", "vc.example.com", *departments)
        return result, out

    def test_command_line_reports_bad_input_with_exit_code_2_and_writes_nothing(self):
        result, out = self.render_cli("--departments", "art ../x")
        self.assertEqual(result.returncode, 2)
        self.assertIn("department name '../x'", result.stderr)
        self.assertFalse(out.exists())

    def test_command_line_renders_from_departments_json_without_agents(self):
        result, out = self.render_cli("--departments-json", str(REPO / "IvrApi" / "departments.json"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("password=", (out / "pjsip.conf").read_text())
        self.assertTrue((out / "prompts.tsv").read_text().startswith("science\t"))

    def test_command_line_renders_the_directory(self):
        directory = self.scratch() / "directory.json"
        directory.write_text(json.dumps({"departments": [{"name": "art", "max_wait_seconds": 120}, {"name": "history"}],
                                         "agents": [{"id": "alice", "display_name": "Alice", "departments": ["art"],
                                                     "languages": ["en", "es"], "password": PASSWORD}]}))
        result, out = self.render_cli("--directory", str(directory), "--queue-max-wait-seconds", "200")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"password={PASSWORD}\n", (out / "pjsip.conf").read_text())
        self.assertIn("exten => art,1,Set(MAX_WAIT=120)", (out / "extensions.conf").read_text())
        self.assertIn("exten => history,1,Set(MAX_WAIT=200)", (out / "extensions.conf").read_text())
        directory.write_text('{"departments": [{"name": "art"}], "agents": [{"id": "alice", "departments": ["art"], "password": "x"}]}')
        result, out = self.render_cli("--directory", str(directory))
        self.assertEqual(result.returncode, 2)
        self.assertIn("password of agent 'alice'", result.stderr)
        directory.write_text('{"agents": []}')
        result, _ = self.render_cli("--directory", str(directory))
        self.assertEqual(result.returncode, 2)
        self.assertIn("directory", result.stderr)


if __name__ == "__main__":
    unittest.main()


class LanguagePreferenceTests(unittest.TestCase):
    """Agents who speak the caller's language first (issue 21): member penalties, the caller's range, the rule."""
    LANGUAGE_AGENTS = [
        {"id": "erin", "departments": ["art"], "languages": ["en"], "password": PASSWORD},
        {"id": "gus", "departments": ["art"], "languages": ["es", "en"], "password": PASSWORD},
        {"id": "felipe", "departments": ["art"], "languages": ["es"], "password": PASSWORD},
        {"id": "hal", "departments": ["art"], "password": PASSWORD},  # no languages: English
    ]

    def rendered(self, wait):
        rendered = Rendered(agents=self.LANGUAGE_AGENTS, queue_language_wait_seconds=wait)
        self.addCleanup(rendered.close)
        return rendered.files

    def members(self, files):
        art = files["queues.conf"].split("\n[art]\n", 1)[1].split("\n[", 1)[0]
        return re.findall(r"^member => PJSIP/(\w+),(\d+),", art, re.M)

    def preference(self, files, language):
        """What [language-preference] sets for a caller of the language, and the rule it names."""
        contexts = parse(files["extensions.conf"])[0]
        steps = [(p.app, p.data) for p in contexts["language-preference"][language]]
        return [d for a, d in steps if a == "Set"], next(d for a, d in steps if a == "Return")

    def test_english_only_first_then_bilingual_then_spanish_only(self):
        self.assertEqual(self.members(self.rendered(30)), [("erin", "0"), ("gus", "1"), ("felipe", "2"), ("hal", "0")])

    def test_each_language_starts_with_its_speakers_and_its_rule_widens_to_everyone_after_the_wait(self):
        files = self.rendered(45)
        self.assertEqual(self.preference(files, "en"), (["QUEUE_MIN_PENALTY=0", "QUEUE_MAX_PENALTY=1"], "language-en"))
        self.assertEqual(self.preference(files, "es"),
                         (["QUEUE_MIN_PENALTY=1", "QUEUE_MAX_PENALTY=2", "QUEUE_RAISE_PENALTY=r2"], "language-es"))
        rules = configparser.ConfigParser(interpolation=None, delimiters=("=>",))
        rules.read_string(files["queuerules.conf"])
        self.assertEqual({name: dict(rules[name]) for name in rules.sections()},
                         {"language-en": {"penaltychange": "45,2,0"}, "language-es": {"penaltychange": "45,2,0,r2"}})
        # The caller's range and rule are set on every join (a transferred caller joins again) and reach Queue().
        queue = [(p.app, p.data) for p in parse(files["extensions.conf"])[0]["queue"]["s"]]
        apps = [a for a, _ in queue]
        self.assertLess(apps.index("Gosub", apps.index("Gosub") + 1), apps.index("Queue"))
        self.assertIn(("Gosub", "language-preference,${IVR_LANGUAGE},1"), queue)
        self.assertTrue(next(d for a, d in queue if a == "Queue").endswith(",${MAX_WAIT},,,${LANGUAGE_RULE}"))

    def test_a_wait_of_zero_means_no_preference(self):
        files = self.rendered(0)
        self.assertEqual({penalty for _, penalty in self.members(files)}, {"0"})
        self.assertEqual(self.preference(files, "es"), ([], ""))
        self.assertNotRegex(files["queuerules.conf"], r"(?m)^(\[|penaltychange)")

    def test_the_command_line_takes_the_setting(self):
        self.assertEqual(render.parser().parse_args(["--out", "x", "--public-ip", "203.0.113.10", "--voice-connector-host",
                                                     "vc.example.com", "--departments", "art"]).queue_language_wait_seconds, 30)


class EncryptionAndLockoutTests(unittest.TestCase):
    """Issue 19 items 4 and 5 in the rendered files: the Voice Connector over TLS and SRTP only by default, the
    clear link only when asked, and a fail2ban jail on Asterisk's security log."""

    def rendered(self, **overrides):
        rendered = Rendered(**overrides)
        self.addCleanup(rendered.close)
        return rendered.files

    def test_by_default_the_voice_connector_reaches_asterisk_over_tls_with_srtp_and_nothing_listens_on_5060(self):
        pjsip = pjsip_sections(self.rendered()["pjsip.conf"])
        transports = of_type(pjsip, "transport")
        self.assertEqual(set(transports), {"transport-tls", "transport-wss"})
        tls = transports["transport-tls"]
        self.assertEqual((tls["protocol"], tls["bind"]), (["tls"], ["0.0.0.0:5061"]))
        self.assertEqual((tls["cert_file"], tls["priv_key_file"]), (["/etc/asterisk/keys/ivr-pbx.crt"], ["/etc/asterisk/keys/ivr-pbx.key"]))
        self.assertFalse([t for t in transports.values() if t["bind"][0].endswith(":5060")])
        endpoint = of_type(pjsip, "endpoint")["voice-connector"]
        self.assertEqual(endpoint["media_encryption"], ["sdes"])
        self.assertEqual(endpoint["media_encryption_optimistic"], ["no"], "a plain RTP offer is refused, never answered in the clear")

    def test_the_clear_link_is_an_explicit_choice(self):
        pjsip = pjsip_sections(self.rendered(voice_connector_encryption="off")["pjsip.conf"])
        transports = of_type(pjsip, "transport")
        self.assertEqual(set(transports), {"transport-udp", "transport-tcp", "transport-wss"})
        self.assertEqual([transports[t]["bind"] for t in ("transport-udp", "transport-tcp")], [["0.0.0.0:5060"]] * 2)
        self.assertNotIn("media_encryption", of_type(pjsip, "endpoint")["voice-connector"])

    def test_failed_authentications_reach_a_security_log_that_a_fail2ban_jail_reads(self):
        files = self.rendered()
        self.assertRegex(files["logger.conf"], r"(?m)^security => security$")
        self.assertRegex(files["modules.conf"], r"(?m)^load => res_security_log\.so$")
        jail = configparser.ConfigParser(inline_comment_prefixes=("#",))
        jail.read_string(files[render.FAIL2BAN_FILE])
        section = jail["ivr-pbx-asterisk"]
        self.assertEqual((section["enabled"], section["filter"]), ("true", "asterisk"))
        self.assertEqual(section["logpath"], "/var/log/asterisk/security")
        self.assertEqual((section["maxretry"], section["findtime"], section["bantime"]), ("5", "600", "3600"))
        # The Voice Connector is never locked out, whatever a scanner spoofing its address makes Asterisk log.
        self.assertEqual(section["ignoreip"].split(), ["127.0.0.1/8", "::1", "abcdef1ghij2klmn3opq4.voiceconnector.chime.aws", "3.80.16.0/23"])

    def test_lockout_settings_out_of_range_are_refused(self):
        for option, value in (("lockout_failures", 1), ("lockout_failures", 51), ("lockout_seconds", 5), ("lockout_find_seconds", 0)):
            with self.subTest(option=option, value=value), self.assertRaises(render.InputError):
                Rendered(**{option: value})
