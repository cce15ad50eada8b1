"""A small model of the Asterisk dialplan, enough to run the rendered extensions.conf.

It runs the dialplan for every hostile header value and every agent and dial state in
milliseconds, which the tests against the real Asterisk 22 (test_asterisk.py) cannot; those
check that the model agrees with Asterisk. It follows Asterisk's own rules where safety depends
on them (pbx.c and app.c):
- ${...} and $[...] are matched against the braces of the dialplan text, then their inside is
  substituted; a substituted value is never scanned again;
- a function's arguments run from its first "(" to its last ")"; they are split at "," outside
  parentheses, and the last argument takes the rest;
- Set splits at the first "="; header names are compared case-insensitively;
- PJSIP_HEADER(read) prints "Name: value" into the 4096-byte buffer dialplan functions get; a
  header that does not fit reads as empty (and Asterisk logs an ERROR without the value);
- verbose output shows every application with its substituted arguments (Call.executed).
Anything outside the handful of applications, functions and expression forms the PBX uses raises
Unsupported, so a dialplan change the model does not understand fails the tests instead of passing.
"""
import re

MAX_STEPS = 1000
FUNCTION_BUFFER = 4096  # VAR_BUF_SIZE: what ast_func_read2 gives a function without read2


class Unsupported(Exception):
    """The dialplan uses something this model does not implement."""


class DialplanError(Exception):
    """Something Asterisk would reject or log as an error (missing target, no Return, ...)."""


class Priority:
    def __init__(self, number, label, app, data):
        self.number, self.label, self.app, self.data = number, label, app, data


def parse(text):
    """Returns {context: {exten: [Priority, ...]}} and the [globals] variables."""
    contexts, globals_, context, last_exten = {}, {}, None, None
    for raw in text.splitlines():
        line = raw.split(";", 1)[0].strip()
        if not line:
            continue
        section = re.fullmatch(r"\[([^\]]+)\]", line)
        if section:
            context = section.group(1)
            contexts.setdefault(context, {})
            continue
        if context == "general":
            continue
        if context == "globals":
            name, _, value = line.partition("=")
            globals_[name.strip()] = value.strip()
            continue
        match = re.fullmatch(r"(exten|same)\s*=>\s*(.*)", line)
        if not match:
            raise Unsupported(f"line not understood: {raw!r}")
        body = match.group(2)
        if match.group(1) == "exten":
            exten, _, body = body.partition(",")
            last_exten = exten.strip()
        elif last_exten is None:
            raise DialplanError(f"'same' without an extension: {raw!r}")
        prio, _, call = body.partition(",")
        head = re.fullmatch(r"(\d+|n)(?:\(([A-Za-z0-9_]+)\))?", prio.strip())
        if not head:
            raise Unsupported(f"priority not understood: {raw!r}")
        app, _, data = call.partition("(")
        if data and not data.endswith(")"):
            raise DialplanError(f"unbalanced application call: {raw!r}")
        priorities = contexts[context].setdefault(last_exten, [])
        number = len(priorities) + 1 if head.group(1) == "n" else int(head.group(1))
        if number != len(priorities) + 1:
            raise Unsupported(f"priorities must count up from 1: {raw!r}")
        priorities.append(Priority(number, head.group(2), app.strip(), data[:-1] if data else ""))
    return contexts, globals_


def split_args(data, count=None):
    """Splits at "," outside parentheses; with count, the last argument takes the rest."""
    args, depth, start = [], 0, 0
    for i, c in enumerate(data):
        if c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        elif c == "," and depth == 0 and (count is None or len(args) < count - 1):
            args.append(data[start:i])
            start = i + 1
    args.append(data[start:])
    return args


def matching(text, start, opening, closing):
    """Index of the bracket closing the one opened just before start."""
    depth = 1
    for i in range(start, len(text)):
        if text[i] == opening:
            depth += 1
        elif text[i] == closing:
            depth -= 1
            if depth == 0:
                return i
    raise DialplanError(f"unterminated {opening} in {text!r}")


def filter_chars(allowed):
    chars, i = set(), 0
    while i < len(allowed):
        if i + 2 < len(allowed) and allowed[i + 1] == "-":
            chars.update(chr(c) for c in range(ord(allowed[i]), ord(allowed[i + 2]) + 1))
            i += 3
        else:
            chars.add(allowed[i])
            i += 1
    return chars


class Call:
    """One call from the Voice Connector, run through the dialplan."""

    def __init__(self, dialplan, headers, agent_state="NOT_INUSE", dial_status="ANSWER", hangup_cause="16",
                 handler_runs=True, queue_status="ANSWER"):
        self.contexts, self.globals = dialplan
        self.headers = list(headers.items())
        self.agent_state, self.dial_status, self.hangup_cause = agent_state, dial_status, hangup_cause
        # What app_queue does with the caller: ANSWER (an agent answers; then its leg ends with hangup_cause), or the
        # QUEUESTATUS it leaves with (TIMEOUT, JOINEMPTY, LEAVEEMPTY, ...).
        self.queue_status = queue_status
        self.queues, self.recorded, self.language = [], [], None
        self.agent_leg = False
        # handler_runs=False: the agent leg's hangup handler (its own thread in Asterisk) has not run by the check.
        self.handler_runs = handler_runs
        self.hangup_handlers = []
        self.variables = {"UNIQUEID": "1700000000.1", "EPOCH": "1796600000"}
        self.caller_variables = self.variables
        self.frames = []  # Gosub stack: (return position, LOCAL variables)
        self.played, self.logs, self.dials, self.agent_headers = [], [], [], []
        self.executed = []  # (application, substituted arguments): what verbose output shows
        self.answered = self.hung_up = False

    # --- substitution -------------------------------------------------------------------
    def substitute(self, text):
        out, i = [], 0
        while i < len(text):
            if text.startswith("${", i):
                end = matching(text, i + 2, "{", "}")
                out.append(self.read(self.substitute(text[i + 2:end])))
                i = end + 1
            elif text.startswith("$[", i):
                end = matching(text, i + 2, "[", "]")
                out.append(evaluate(self.substitute(text[i + 2:end])))
                i = end + 1
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    def read(self, name):
        if "(" in name:
            function, _, args = name.partition("(")
            return self.function(function, args[:args.rindex(")")] if ")" in args else args)
        if ":" in name:
            raise Unsupported(f"substring ${{{name}}}")
        if self.frames and name in self.frames[-1][1]:
            return self.frames[-1][1][name]  # LOCAL() variables of the running Gosub
        return self.variables.get(name, self.globals.get(name, ""))

    def function(self, name, args):
        if name == "PJSIP_HEADER":
            action, header = split_args(args, 2)
            if action != "read":
                raise Unsupported(f"PJSIP_HEADER({action}) read")
            found = [(k, v) for k, v in self.headers if k.lower() == header.lower()]
            if not found or len(f"{found[0][0]}: {found[0][1]}".encode("utf-8")) >= FUNCTION_BUFFER:
                return ""
            return found[0][1]
        if name == "FILTER":
            allowed, string = split_args(args, 2)
            chars = filter_chars(allowed)
            return "".join(c for c in string if c in chars)
        if name == "TOLOWER":
            return "".join(c.lower() if c.isascii() else c for c in args)  # C tolower(): ASCII only
        if name == "LEN":
            return str(len(args.encode("utf-8")))
        if name == "DIALPLAN_EXISTS":
            context, exten, priority = split_args(args)
            return "1" if self.find(context, exten, priority, required=False) else "0"
        if name == "DEVICE_STATE":
            if args != self.read("AGENT"):
                raise DialplanError(f"DEVICE_STATE of {args!r}, not the agent")
            return self.agent_state
        if name == "QUEUE_MEMBER_LIST":
            return ""  # the agents who learn the waiting count: none in the model (test_teams.py has them)
        if name == "CUT":
            cut = re.fullmatch(r"([A-Za-z0-9_]+),(\\,|[^,\\]),(\d+)", args)
            if not cut:
                raise Unsupported(f"CUT({args})")
            variable, delimiter, field = cut.group(1), cut.group(2)[-1], cut.group(3)
            parts = self.read(variable).split(delimiter)
            return parts[int(field) - 1] if int(field) <= len(parts) else ""
        if name == "STRFTIME":
            epoch, zone, form = split_args(args, 3)
            import time
            if zone != "GMT":
                raise Unsupported(f"STRFTIME in {zone}")
            return time.strftime(form, time.gmtime(int(epoch)))
        if name == "REPLACE":
            variable, find, replace = split_args(args, 3)
            return "".join(replace if c in find else c for c in self.read(variable))
        raise Unsupported(f"function {name}")

    def write(self, name, value):
        local = re.fullmatch(r"LOCAL\(([A-Za-z0-9_]+)\)", name)
        if local:
            if not self.frames:
                raise DialplanError("LOCAL() outside a Gosub")
            self.frames[-1][1][local.group(1)] = value
        elif name.startswith("PJSIP_HEADER(add,"):
            self.agent_headers.append((name[len("PJSIP_HEADER(add,"):-1], value))
        elif name == "CHANNEL(hangup_handler_push)":
            # The caller's own handlers (caller-left, voicemail-saved) run after the call, outside this model.
            if self.agent_leg:
                self.hangup_handlers.append(value)
        elif name == "CHANNEL(language)":
            self.language = value
        elif re.fullmatch(r"MASTER_CHANNEL\([A-Z_][A-Z0-9_]*\)", name):
            # Run on the agent leg: the master channel is the caller's.
            self.caller_variables[name[len("MASTER_CHANNEL("):-1]] = value
        elif re.fullmatch(r"[A-Z_][A-Z0-9_]*", name):
            self.variables[name] = value
        else:
            raise Unsupported(f"Set({name}=...)")

    # --- navigation ---------------------------------------------------------------------
    def find(self, context, exten, priority, required=True):
        priorities = self.contexts.get(context, {}).get(exten)
        position = None
        if priorities:
            if priority.isdigit() and 1 <= int(priority) <= len(priorities):
                position = (context, exten, int(priority))
            else:
                position = next(((context, exten, p.number) for p in priorities if p.label == priority), None)
        if position is None and required:
            raise DialplanError(f"no {context},{exten},{priority} in the dialplan")
        return position

    def target(self, spec, here):
        """context,exten,priority / exten,priority / priority (Goto's forms; "^" for Dial's b())."""
        parts = re.split(r"[,^]", spec)
        context, exten = here[0], here[1]
        if len(parts) == 3:
            context, exten = parts[0], parts[1]
        elif len(parts) == 2:
            exten = parts[0]
        return self.find(context, exten, parts[-1])

    # --- running ------------------------------------------------------------------------
    def run(self, context="from-voice-connector", exten="600300"):
        self.variables["EXTEN"] = exten
        position = self.find(context, exten, "1", required=False)
        if position is None:
            # Asterisk matches patterns; this model only knows the two of [from-voice-connector].
            pattern = "_+X." if exten.startswith("+") else "_X."
            position = self.find(context, pattern, "1")
        self.execute(position)
        return self

    def execute(self, position, stop_on_return=False):
        for _ in range(MAX_STEPS):
            context, exten, number = position
            priorities = self.contexts[context][exten]
            if number > len(priorities):
                if self.frames:
                    raise DialplanError(f"{context},{exten} ran out of priorities inside a Gosub (no Return)")
                self.hung_up = True
                return
            step = priorities[number - 1]
            data = self.substitute(step.data)
            self.executed.append((step.app, data))
            nxt = self.step(step.app, data, position)
            if nxt == "stop":
                return
            if nxt == "return" and stop_on_return:
                return
            position = nxt if isinstance(nxt, tuple) else (context, exten, number + 1)
        raise DialplanError("dialplan loops")

    def step(self, app, data, here):
        if app == "NoOp":
            return None
        if app == "Set":
            name, _, value = data.partition("=")
            self.write(name, value)
            return None
        if app == "Log":
            level, message = split_args(data, 2)
            self.logs.append((level, message))
            return None
        if app == "Answer":
            self.answered = True
            return None
        if app == "Wait":
            float(data)
            return None
        if app == "Playback":
            self.played.append(data)
            return None
        if app == "Hangup":
            self.hung_up = True
            return "stop"
        if app == "Goto":
            return self.target(data, here)
        if app == "GotoIf":
            condition, _, branches = data.partition("?")
            true, _, false = branches.partition(":")
            if condition not in ("0", "1", ""):
                raise DialplanError(f"GotoIf condition {condition!r} is not a truth value")
            branch = true if condition == "1" else false
            return self.target(branch, here) if branch else None
        if app == "Gosub":
            return self.gosub(data, here)
        if app == "Return":
            if not self.frames:
                raise DialplanError("Return without Gosub")
            return_to, _ = self.frames.pop()
            self.variables["GOSUB_RETVAL"] = data
            return return_to if return_to else "return"
        if app == "Dial":
            return self.dial(data)
        if app == "Queue":
            return self.queue(data)
        if app == "Record":
            self.recorded.append(data)
            return None
        raise Unsupported(f"application {app}")

    def gosub(self, data, here, return_to=None):
        spec, args = (data[:-1].split("(", 1) + [""])[:2] if data.endswith(")") else (data, "")
        target = self.target(spec, here)
        local = {f"ARG{i}": a for i, a in enumerate(re.split(r"[,^]", args) if args else [], 1)}
        self.frames.append(((here[0], here[1], here[2] + 1) if return_to is None else return_to, local))
        return target

    def queue(self, data):
        name, options, _url, _announce, timeout = (split_args(data) + [""] * 5)[:5]
        handler = re.fullmatch(r"cb\((.*)\)", options)
        if not handler or not timeout.isdigit():
            raise Unsupported(f"Queue options {options!r}, timeout {timeout!r}")
        self.queues.append((name, int(timeout)))
        if self.queue_status != "ANSWER":
            self.variables["QUEUESTATUS"] = self.queue_status
            return None
        self.agent_connects(handler.group(1))
        # queues.conf membergosub on the agent's channel: the caller's channel learns the answer.
        self.caller_variables["AGENT_ANSWERED"] = "1"
        return None

    def agent_connects(self, predial):
        """The agent leg: its pre-dial handler (must Return), then, when it ends, its hangup handlers."""
        self.agent_leg = True
        try:
            self.execute(self.gosub(predial, ("", "", 0), return_to=False), stop_on_return=True)
        finally:
            self.agent_leg = False
        if self.handler_runs:
            caller = self.variables
            self.variables = {"HANGUPCAUSE": self.hangup_cause, "UNIQUEID": "1700000000.2"}
            try:
                for handler in self.hangup_handlers:
                    self.execute(self.gosub(handler, ("", "", 0), return_to=False), stop_on_return=True)
            finally:
                self.variables = caller

    def dial(self, data):
        device, timeout, options = (split_args(data) + ["", ""])[:3]
        handler = re.fullmatch(r"g?r?b\((.*)\)r?", options)
        if not handler or not timeout.isdigit():
            raise Unsupported(f"Dial options {options!r}")
        self.dials.append((device, int(timeout)))
        self.variables["DIALSTATUS"] = self.dial_status
        if self.dial_status == "ANSWER":
            self.agent_connects(handler.group(1))
        else:
            self.agent_leg = True
            try:
                self.execute(self.gosub(handler.group(1), ("", "", 0), return_to=False), stop_on_return=True)
            finally:
                self.agent_leg = False
        return None


def evaluate(expression):
    """Asterisk's $[...] for the forms the PBX uses: numbers or (quoted) words, = != < >, & |, a + b."""
    sum_ = re.fullmatch(r"\s*(-?\d+)\s*\+\s*(-?\d+)\s*", expression)
    if sum_:
        return str(int(sum_.group(1)) + int(sum_.group(2)))
    token = r'"[^"]*"|!=|[=<>&|]|[^\s"=<>&|!]+'
    tokens = re.findall(token, expression)
    if not tokens or re.sub(token, "", expression).strip():
        raise DialplanError(f"expression not understood: {expression!r}")
    values = [t[1:-1] if t.startswith('"') else t for t in tokens]

    def compare(a, op, b):
        if a.lstrip("-").isdigit() and b.lstrip("-").isdigit():
            a, b = int(a), int(b)
        return {"=": a == b, "!=": a != b, "<": a < b, ">": a > b}[op]

    def parse_chain(i, operator, operand, combine):
        """operand (operator operand)*, e.g. the "|" of "&" terms, the "&" of comparisons."""
        result, i = operand(i)
        while i < len(tokens) and tokens[i] == operator:
            right, i = operand(i + 1)
            result = combine(result, right)
        return result, i

    def parse_or(i):
        return parse_chain(i, "|", parse_and, lambda a, b: a or b)

    def parse_and(i):
        return parse_chain(i, "&", parse_compare, lambda a, b: a and b)

    def parse_compare(i):
        if i + 2 < len(tokens) and tokens[i + 1] in ("=", "!=", "<", ">"):
            return compare(values[i], tokens[i + 1], values[i + 2]), i + 3
        raise DialplanError(f"expression not understood: {expression!r}")

    result, end = parse_or(0)
    if end != len(tokens):
        raise DialplanError(f"expression not understood: {expression!r}")
    return "1" if result else "0"
