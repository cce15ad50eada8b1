#!/usr/bin/env python3
"""Stand-in for `aws polly synthesize-speech` (Amazon Polly has no local equivalent).

Checks the call as the AWS CLI reference defines it
(https://docs.aws.amazon.com/cli/latest/reference/polly/synthesize-speech.html): required
--output-format, --text, --voice-id and a positional <outfile>; --engine one of standard, neural,
long-form, generative; --sample-rate "8000" or "16000" for pcm; at most 3000 characters of text.
Writes signed 16-bit little-endian mono PCM, as Polly does for OutputFormat pcm.
Scenario (environment): FAKE_POLLY_LOG appends one JSON line per call; FAKE_POLLY_STANDARD_ONLY
names voices without the neural engine; FAKE_POLLY_FAIL=1 fails every call.
"""
import json
import math
import os
import struct
import sys

VALUE_OPTIONS = {"--engine", "--output-format", "--sample-rate", "--text", "--voice-id", "--region",
                 "--language-code", "--text-type"}


def fail(message):
    print(f"aws: {message}", file=sys.stderr)
    sys.exit(252 if message.startswith("error: argument") else 254)


def main(argv):
    if argv[:2] != ["polly", "synthesize-speech"]:
        fail(f"the fake only knows 'polly synthesize-speech', not {argv[:2]}")
    options, positional, i = {}, [], 2
    while i < len(argv):
        if argv[i] in VALUE_OPTIONS:
            if i + 1 >= len(argv):
                fail(f"error: argument {argv[i]}: expected one argument")
            options[argv[i]] = argv[i + 1]
            i += 2
        elif argv[i].startswith("--"):
            fail(f"error: argument {argv[i]}: unknown option")
        else:
            positional.append(argv[i])
            i += 1
    for required in ("--output-format", "--text", "--voice-id"):
        if required not in options:
            fail(f"error: the following arguments are required: {required}")
    if len(positional) != 1:
        fail("error: exactly one <outfile> is required")
    engine = options.get("--engine", "standard")
    if engine not in ("standard", "neural", "long-form", "generative"):
        fail(f"An error occurred (ValidationException): invalid engine {engine}")
    if options["--output-format"] != "pcm" or options.get("--sample-rate") not in ("8000", "16000"):
        fail("the PBX must ask for pcm at 8000 or 16000 Hz")
    if not options["--text"] or len(options["--text"]) > 3000:
        fail("An error occurred (TextLengthExceededException)")
    log = os.environ.get("FAKE_POLLY_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"engine": engine, "voice": options["--voice-id"], "text": options["--text"],
                                "region": options.get("--region"), "rate": options["--sample-rate"]}) + "\n")
    if os.environ.get("FAKE_POLLY_FAIL") == "1":
        fail("Could not connect to the endpoint URL: https://polly.us-east-1.amazonaws.com/v1/speech")
    if engine == "neural" and options["--voice-id"] in os.environ.get("FAKE_POLLY_STANDARD_ONLY", "").split():
        fail("An error occurred (EngineNotSupportedException) when calling the SynthesizeSpeech operation")
    rate = int(options["--sample-rate"])
    samples = [int(8000 * math.sin(2 * math.pi * 440 * n / rate)) for n in range(rate * 2)]  # 2 s of tone
    with open(positional[0], "wb") as out:
        out.write(struct.pack(f"<{len(samples)}h", *samples))
    print(json.dumps({"ContentType": "audio/pcm", "RequestCharacters": str(len(options["--text"]))}))


if __name__ == "__main__":
    main(sys.argv[1:])
