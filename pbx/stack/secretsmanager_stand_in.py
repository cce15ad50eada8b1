#!/usr/bin/env python3
"""A minimal AWS Secrets Manager stand-in for the host's agent passwords: `GetSecretValue` over the JSON 1.1 protocol, each request checked against the service model (npm aws-sdk v2's
apis/secretsmanager-2017-10-17.min.json) and the API reference, rule by rule with the doc URL next to each.

  secretsmanager_stand_in.py --port PORT --model MODEL.json --secrets DIR --record FILE

A secret is a file under DIR named by its secret name (`ivr/agents/alice` is DIR/ivr/agents/alice); its content is
the SecretString, so rewriting the file is a rotation. Each request is
appended to FILE as one JSON line ({"operation", "input"}).
"""
import json
import re
from pathlib import Path

from stand_in import Handler, Refused, check_sigv4, serve

COMMON_DOC = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonParameters.html"
GET_DOC = "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html"
ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:{name}-AbCdEf"


def check_members(params, shape, operation):
    for key in params:
        if key not in shape["members"]:
            raise Refused(400, "ValidationException", f"{operation} has no member {key!r} (the service model)", COMMON_DOC)
    for key in shape.get("required", []):
        if key not in params:
            raise Refused(400, "ValidationException", f"{operation} requires {key}", COMMON_DOC)


def get_secret_value(params, root):
    secret_id = params["SecretId"]
    # "SecretId: The ARN or name of the secret ... Length Constraints: Minimum length of 1. Maximum length of 2048."
    if not isinstance(secret_id, str) or not 1 <= len(secret_id) <= 2048:
        raise Refused(400, "ValidationException", "SecretId must be 1-2048 characters", GET_DOC)
    match = re.match(r"^arn:aws:secretsmanager:[^:]+:[0-9]{12}:secret:(.+)-[A-Za-z0-9]{6}$", secret_id)
    name = match.group(1) if match else secret_id
    path = root / name
    if ".." in Path(name).parts or not path.is_file():
        # ResourceNotFoundException, HTTP 400: "Secrets Manager can't find the resource that you asked for."
        raise Refused(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.", GET_DOC)
    return {"ARN": ARN.format(name=name), "Name": name, "SecretString": path.read_text(),
            "VersionId": f"v{int(path.stat().st_mtime_ns)}", "VersionStages": ["AWSCURRENT"],
            "CreatedDate": path.stat().st_mtime}


OPERATIONS = {"GetSecretValue": get_secret_value}


class SecretsManagerHandler(Handler):
    content_type = "application/x-amz-json-1.1"

    def do_POST(self):  # noqa: N802 (http.server's name)
        model = self.server.model
        try:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.headers.get("Content-Type") != f"application/x-amz-json-{model['metadata']['jsonVersion']}":
                raise Refused(400, "ValidationException", "Content-Type must be application/x-amz-json-1.1", COMMON_DOC)
            check_sigv4(self.headers.get("Authorization", ""), "secretsmanager", 400, "MissingAuthenticationTokenException")
            target = self.headers.get("X-Amz-Target", "")
            prefix, _, operation = target.partition(".")
            if prefix != model["metadata"]["targetPrefix"] or operation not in model["operations"]:
                raise Refused(400, "UnknownOperationException", f"X-Amz-Target {target!r}", COMMON_DOC)
            if operation not in OPERATIONS:
                raise Refused(400, "UnknownOperationException", f"this stand-in does not serve {operation}", COMMON_DOC)
            params = json.loads(body or b"{}")
            check_members(params, model["operations"][operation]["input"], operation)
            with open(self.server.record, "a", encoding="utf-8") as out:
                out.write(json.dumps({"operation": operation, "input": params}) + "\n")
            self.reply(200, json.dumps(OPERATIONS[operation](params, Path(self.server.args.secrets))))
        except Refused as refused:
            self.reply(refused.status, json.dumps({"__type": refused.code, "message": str(refused)}))


def main():
    serve(__doc__, SecretsManagerHandler, "aws-sdk v2's apis/secretsmanager-2017-10-17.min.json",
          "file each request is appended to (JSON lines)",
          lambda parser: parser.add_argument("--secrets", required=True, help="directory of secrets, one file per secret name"))


if __name__ == "__main__":
    main()
