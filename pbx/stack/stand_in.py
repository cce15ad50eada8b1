"""What the AWS stand-ins here share: the refusal an AWS API answers with, the SigV4 Authorization check, the HTTP
reply and the command line (host, port, service model, record file), so each stand-in holds only its service's rules.
"""
import argparse
import json
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIGV4_DOC = "https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html"


class Refused(Exception):
    def __init__(self, status, code, message, doc):
        super().__init__(f"{message} ({doc})")
        self.status, self.code = status, code


def check_sigv4(authorization, service, status, code):
    """Signature Version 4: the credential scope names the service's signing name (model: signatureVersion v4)."""
    if not re.match(rf"^AWS4-HMAC-SHA256 Credential=[^/]+/[0-9]{{8}}/[a-z0-9-]+/{service}/aws4_request, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]{{64}}$",
                    authorization):
        raise Refused(status, code, f"the request is not signed with SigV4 for {service}", SIGV4_DOC)


class Handler(BaseHTTPRequestHandler):
    content_type = "application/octet-stream"

    def log_message(self, fmt, *args):  # the record file is the log
        pass

    def reply(self, status, text):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def serve(doc, handler, model_help, record_help, add_arguments=lambda parser: None):
    """Parses the command line and serves until killed; `server.model`, `server.record` and `server.args` are set."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model", required=True, help=model_help)
    parser.add_argument("--record", required=True, help=record_help)
    add_arguments(parser)
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), handler)
    with open(args.model, encoding="utf-8") as model:
        server.model = json.load(model)
    server.record, server.args = args.record, args
    server.serve_forever()
