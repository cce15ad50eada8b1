"""The rendered dialplan, run call by call in the dialplan model (tests/dialplan.py)."""
import re
import unittest

from dialplan import Call, DialplanError, Unsupported, evaluate, parse
from support import DEPARTMENTS, Rendered

PROMPT_DIR = "/var/lib/asterisk/sounds/ivr-pbx"
ALLOWED = set(DEPARTMENTS) | {"unknown"}

HOSTILE = [
    "../../etc/passwd", "history/../../../etc/passwd", "/etc/passwd", "..", "history/", "history\\",
    "history ", " history", "his tory", "history\t", 'history"', '"history"', "'history'", "history'",
    "history\r\nX-Evil: 1", "history\n", "\r\n", "history\x00", "history;rm -rf /", "history|id", "$(id)",
    "`id`", "history&&id", "${SHELL(id)}", "$[1+1]", "${EXTEN}", "history)", "(history", "history,science",
    "history^science", "his-tory", "sci-ence", "_X.", "_.", "s", "h", "i", "t", "h1story", "histöry",
    "%2e%2e%2fetc%2fpasswd", "history.wav", "history" + "y" * 40, "a" * 33, "x" * 5000,
    "history" * 1000, "hist\u202eory", "",
]


class DialplanCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        rendered = Rendered()
        cls.text = rendered.files["extensions.conf"]
        cls.dialplan = parse(cls.text)
        rendered.close()

    def call(self, headers, **scenario):
        return Call(self.dialplan, headers, **scenario).run()


class SafetyTests(DialplanCase):
    def assert_safe_unknown(self, value):
        call = self.call({"X-LexInfo": value})
        self.assertEqual(call.played, [f"{PROMPT_DIR}/unknown"], repr(value))
        self.assertEqual(call.queues, [])
        self.assertTrue(call.hung_up)
        for _, message in call.logs:
            self.assertEqual(message, "Call 1700000000.1 for department unknown")

    def test_hostile_header_values_become_unknown_and_only_the_unknown_prompt_plays(self):
        for value in HOSTILE:
            with self.subTest(value=value[:40]):
                self.assert_safe_unknown(value)

    def test_hostile_language_values_are_english(self):
        for value in HOSTILE + ["EN", "de", "esp", "e s"]:
            with self.subTest(value=value[:40]):
                call = self.call({"X-LexInfo": "history", "X-IVR-Language": value})
                self.assertEqual(call.language, "en_ivr" if value != "EN" else "en_ivr")
                self.assertEqual(call.agent_headers[1], ("X-IVR-Language", "en"))

    def test_a_value_is_never_evaluated_again_after_substitution(self):
        # If the model re-scanned values, "${EXTEN}" would turn into the dialled number.
        call = Call(self.dialplan, {"X-LexInfo": "${EXTEN}"})
        call.frames.append((None, {}))
        call.write("LOCAL(v)", call.substitute("${PJSIP_HEADER(read,X-LexInfo)}"))
        self.assertEqual(call.substitute("${v}"), "${EXTEN}")

    def test_no_hostile_value_is_ever_an_application_argument_so_verbose_output_never_shows_it(self):
        for value in HOSTILE:
            if len(value) < 3 or re.fullmatch(r"[a-z0-9_]{1,32}", value):
                continue  # too short to tell apart from the dialplan's own text, or harmless (h1story)
            with self.subTest(value=value[:40]):
                for headers in ({"X-LexInfo": value}, {"X-LexInfo": "art", "X-IVR-Language": value}):
                    call = self.call(headers, queue_status="TIMEOUT")
                    for app, data in call.executed:
                        self.assertNotIn(value, data, app)

    def test_a_header_too_long_for_asterisks_buffer_reads_as_empty(self):
        self.assertEqual(Call(self.dialplan, {"X-LexInfo": "h" * 5000}).function("PJSIP_HEADER", "read,X-LexInfo"), "")
        self.assertEqual(Call(self.dialplan, {"X-LexInfo": "history"}).function("PJSIP_HEADER", "read,X-LexInfo"), "history")

    def test_the_header_is_read_only_in_the_validating_subroutine_and_bounded_first(self):
        subroutine = self.text.split("\n[department-from-lexinfo]\n")[1].split("\n[")[0]
        language = self.text.split("\n[language-from-header]\n")[1].split("\n[")[0]
        self.assertEqual(self.text.count("PJSIP_HEADER(read,X-LexInfo"), subroutine.count("PJSIP_HEADER(read"))
        self.assertEqual(self.text.count("PJSIP_HEADER(read"), subroutine.count("PJSIP_HEADER(read") + 2)
        self.assertEqual(language.count("PJSIP_HEADER(read,X-IVR-Language)"), 2)
        self.assertEqual(language.splitlines()[1], " same => n,GotoIf($[${length} = 0 | ${length} > 2]?default)")
        # The raw value only ever goes into LEN() and TOLOWER(), never into an expression or a name.
        uses = re.findall(r"(\w+)\(\$\{PJSIP_HEADER\(read,X-LexInfo\)\}\)", subroutine)
        self.assertEqual(sorted(uses), ["LEN", "TOLOWER"])
        # The first steps send an empty or longer value than a department name to "unknown", before TOLOWER sees it.
        first, second = subroutine.splitlines()[:2]
        self.assertEqual(first, "exten => s,1,Set(LOCAL(length)=${LEN(${PJSIP_HEADER(read,X-LexInfo)})})")
        self.assertEqual(second, " same => n,GotoIf($[${length} = 0 | ${length} > 32]?unknown)")

    def test_a_header_too_long_for_the_buffer_is_read_once(self):
        call = self.call({"X-LexInfo": "x" * 5000})
        reads = [data for app, data in call.executed if app == "Set" and data.startswith("LOCAL(")]
        self.assertEqual(reads, ["LOCAL(length)=0", "LOCAL(length)=0"])  # X-LexInfo, then the absent X-IVR-Language
        self.assertEqual(call.played, [f"{PROMPT_DIR}/unknown"])

    def test_no_file_name_or_shell_command_is_built_from_a_variable_the_call_sets(self):
        # Only the voicemail spool (a setting), the message id (time and Asterisk's unique id) and the AstDB keys the
        # dialplan wrote (message ids) make file names.
        allowed = {"${VOICEMAIL_SPOOL}", "${VOICEMAIL_MAX_SECONDS}", "${MESSAGE_ID}", "${VM_KEY}", "${wav}"}
        for app in ("Playback", "Background", "Record", "FILE", "STAT", "System", "TrySystem", "ShellExec", "SHELL"):
            for argument in re.findall(app + r"\(([^)\n]*)\)", self.text):
                self.assertLessEqual(set(re.findall(r"\$\{[^}]*\}", argument)), allowed, f"{app}({argument})")
        self.assertNotIn("System(", self.text)
        self.assertNotIn("SHELL(", self.text)


class RoutingTests(DialplanCase):
    def test_each_department_queues_the_caller_with_its_max_wait_and_the_agent_sees_it(self):
        for department in DEPARTMENTS:
            with self.subTest(department=department):
                call = self.call({"X-LexInfo": department})
                self.assertEqual(call.queues, [(department, 300)])
                self.assertEqual(call.agent_headers, [("X-LexInfo", department), ("X-IVR-Language", "en")])
                self.assertEqual(call.played, [])
                self.assertTrue(call.answered)
                self.assertTrue(call.hung_up)

    def test_the_callers_language_chooses_the_prompts_and_reaches_the_agent(self):
        for value, code in (("es", "es"), ("ES", "es"), ("en", "en"), (None, "en")):
            with self.subTest(value=value):
                headers = {"X-LexInfo": "art"} | ({"X-IVR-Language": value} if value else {})
                call = self.call(headers)
                self.assertEqual(call.language, f"{code}_ivr")
                self.assertEqual(call.agent_headers, [("X-LexInfo", "art"), ("X-IVR-Language", code)])

    def test_header_name_is_case_insensitive_as_chime_sends_x_lexinfo(self):
        for name in ("X-Lexinfo", "x-lexinfo", "X-LEXINFO"):
            call = self.call({name: "history"})
            self.assertEqual(call.queues, [("history", 300)], name)

    def test_value_case_does_not_matter(self):
        call = self.call({"X-Lexinfo": "History"})
        self.assertEqual(call.agent_headers[0], ("X-LexInfo", "history"))

    def test_nobody_to_answer_or_the_max_wait_leads_to_voicemail_with_the_reason_said_first(self):
        for status, reason in (("JOINEMPTY", "no-agent"), ("LEAVEEMPTY", "no-agent"), ("JOINUNAVAIL", "no-agent"),
                               ("LEAVEUNAVAIL", "no-agent"), ("FULL", "no-agent"), ("TIMEOUT", "max-wait")):
            with self.subTest(status=status):
                call = self.call({"X-LexInfo": "math"}, queue_status=status)
                self.assertEqual(call.played, [f"{PROMPT_DIR}/vm-{reason}", f"{PROMPT_DIR}/vm-intro", f"{PROMPT_DIR}/beep",
                                               f"{PROMPT_DIR}/vm-saved"])
                self.assertEqual(call.recorded, ["/var/spool/ivr-pbx/voicemail/20261206T233320Z-1700000000-1.wav,10,120,kq"])
                self.assertIn(("NOTICE", f"Call 1700000000.1 leaves the math queue - {status}"), call.logs)
                self.assertTrue(call.hung_up)

    def test_a_key_leaves_a_message_without_a_reason(self):
        call = Call(self.dialplan, {"X-LexInfo": "math"})
        call.variables.update(DEPARTMENT="math")
        call.run("queue-keys", "1")
        self.assertEqual(call.played, [f"{PROMPT_DIR}/vm-intro", f"{PROMPT_DIR}/beep", f"{PROMPT_DIR}/vm-saved"])
        self.assertIn(("NOTICE", "Call 1700000000.1 leaves a message for math - key"), call.logs)

    def test_an_answered_call_the_agent_leg_ended_abnormally_gets_the_prompt_not_a_dead_line(self):
        # 41: the softphone's BYE after its audio was lost (Reason: Q.850;cause=41); 44: Asterisk's RTP timeout.
        for cause in ("41", "44", "38"):
            with self.subTest(cause=cause):
                call = self.call({"X-LexInfo": "history"}, hangup_cause=cause)
                self.assertEqual(len(call.queues), 1)
                self.assertEqual(call.played, [f"{PROMPT_DIR}/history"])
                self.assertIn(("NOTICE", f"Call 1700000000.1 lost the agent - hangup cause {cause}"), call.logs)
                self.assertTrue(call.hung_up)
        normal = self.call({"X-LexInfo": "history"}, hangup_cause="16")
        self.assertEqual(normal.played, [])
        self.assertTrue(normal.hung_up)
        # Should the agent leg's handler not have run by then, the call ends cleanly rather than play a wrong message.
        late = self.call({"X-LexInfo": "history"}, hangup_cause="41", handler_runs=False)
        self.assertEqual(late.played, [])
        self.assertTrue(late.hung_up)

    def test_missing_header_is_unknown(self):
        call = self.call({})
        self.assertEqual(call.played, [f"{PROMPT_DIR}/unknown"])

    def test_e164_request_uri_is_routed_too(self):
        call = Call(self.dialplan, {"X-LexInfo": "science"}).run(exten="+16005550100")
        self.assertEqual(call.queues, [("science", 300)])

    def test_unknown_department_gets_its_prompt_and_no_queue(self):
        call = self.call({"X-LexInfo": "unknown"})
        self.assertEqual((call.played, call.queues), ([f"{PROMPT_DIR}/unknown"], []))


class StructureTests(DialplanCase):
    def test_every_goto_gosub_and_handler_target_exists(self):
        contexts, _ = self.dialplan
        call = Call(self.dialplan, {})
        checked = 0
        for context, extens in contexts.items():
            for exten, priorities in extens.items():
                for p in priorities:
                    targets = []
                    if p.app == "Goto" or p.app == "Gosub":
                        targets = [p.data.split("(")[0]]
                    elif p.app == "GotoIf":
                        targets = [t for t in re.split(r"[:]", p.data.split("?", 1)[1]) if t]
                    elif p.app in ("Dial", "Queue"):
                        targets = [re.search(r"b\(([^()]*)", p.data).group(1)]
                    for target in targets:
                        if "${" in target:
                            continue  # the department-prompt Goto: covered by the routing tests
                        call.target(target, (context, exten, p.number))
                        checked += 1
        self.assertGreaterEqual(checked, 20)

    def test_subroutines_end_in_return_on_every_path(self):
        contexts, _ = self.dialplan
        for context in ("department-from-lexinfo", "language-from-header", "agent-invite", "agent-hangup",
                        "agent-connected", "caller-left", "transfer-to", "voicemail-saved", "department-changed",
                        "agent-push", "agent-call"):
            last = contexts[context]["s"][-1]
            self.assertEqual(last.app, "Return", context)
        for exten, priorities in contexts["agent-command"].items():
            self.assertEqual(priorities[-1].app, "Return", exten)
        self.assertEqual([p.app for p in contexts["agent-hangup"]["s"]], ["Set", "Return"])
        # The pushed hangup handlers exist.
        for match in re.finditer(r"hangup_handler_push\)=(\S+)\)$", self.text, re.M):
            Call(self.dialplan, {}).target(match.group(1), ("", "", 1))

    def test_allow_list_is_exactly_the_departments_plus_unknown(self):
        contexts, _ = self.dialplan
        prompts = contexts["department-prompt"]
        self.assertEqual(set(prompts), ALLOWED)
        for name, priorities in prompts.items():
            self.assertEqual([(p.app, p.data) for p in priorities],
                             [("Playback", f"{PROMPT_DIR}/{name}"), ("Hangup", "")])

    def test_agent_can_dial_nothing(self):
        contexts, _ = self.dialplan
        self.assertEqual([(p.app, p.data) for p in contexts["agent-outbound"]["_X."]], [("Hangup", "21")])


class ModelTests(unittest.TestCase):
    """The model refuses what it does not understand, so the tests above cannot pass vacuously."""

    def test_unknown_application_is_refused(self):
        with self.assertRaises(Unsupported):
            Call(parse("[c]\nexten => s,1,System(id)\n"), {}).run("c", "s")

    def test_gosub_without_return_is_an_error(self):
        plan = parse("[c]\nexten => s,1,Gosub(sub,s,1)\n[sub]\nexten => s,1,NoOp()\n")
        with self.assertRaises(DialplanError):
            Call(plan, {}).run("c", "s")

    def test_missing_goto_target_is_an_error(self):
        with self.assertRaises(DialplanError):
            Call(parse("[c]\nexten => s,1,Goto(nowhere,s,1)\n"), {}).run("c", "s")

    def test_a_malformed_expression_is_an_error(self):
        for expression in ('"a" = "b"c" = 1', "history ../x = 1", "a = "):
            with self.assertRaises(DialplanError):
                evaluate(expression)

    def test_expressions(self):
        self.assertEqual(evaluate("7 != 7 | 0 = 0"), "1")
        self.assertEqual(evaluate('"NOT_INUSE" != "NOT_INUSE"'), "0")
        self.assertEqual(evaluate("10 > 9"), "1")


if __name__ == "__main__":
    unittest.main()
