#!/usr/bin/env python3
"""A minimal Amazon SNS stand-in for the local stack: it accepts the Query-protocol `Publish` request, checks it rule
by rule against the SNS service model (npm aws-sdk v2's apis/sns-2010-03-31.min.json) and the AWS documentation,
and appends each accepted publish as one JSON line to the record file. No npm SNS emulator is known.

  sns_stand_in.py --port PORT --model MODEL.json --record FILE --topic ARN [--topic ARN...]

Only Publish is served; every other action gets the error SNS gives an unknown action. Nothing is delivered.
"""
import json
import re
import uuid
from urllib.parse import parse_qsl

from stand_in import Handler, Refused, check_sigv4, serve

PUBLISH_DOC = "https://docs.aws.amazon.com/sns/latest/api/API_Publish.html"
COMMON_DOC = "https://docs.aws.amazon.com/sns/latest/api/CommonParameters.html"
ERRORS_DOC = "https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html"
QUERY_DOC = "https://docs.aws.amazon.com/sns/latest/api/Query_Requests.html"
XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/"


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def check_publish(params, model, topics):
    """The Publish request's parameters, checked; returns the record of an accepted publish."""
    shape = model["operations"]["Publish"]["input"]
    members = shape["members"]
    # Query protocol: top-level members are sent by name; a map member as Name.entry.N.Name/Value (model).
    for key in params:
        top = key.split(".")[0]
        if key in ("Action", "Version") or top in members:
            continue
        raise Refused(400, "InvalidParameter", f"Publish has no parameter {key!r} (the SNS model's Publish input)", PUBLISH_DOC)
    for required in shape.get("required", []):
        if not params.get(required):
            # "Message ... Required: Yes"
            raise Refused(400, "InvalidParameter", f"Publish requires {required}", PUBLISH_DOC)
    targets = [name for name in ("TopicArn", "TargetArn", "PhoneNumber") if params.get(name)]
    if len(targets) != 1:
        # "If you don't specify a value for the TopicArn parameter, you must specify a value for the PhoneNumber or
        # TargetArn parameters." One destination per request.
        raise Refused(400, "InvalidParameter", "Publish needs exactly one of TopicArn, TargetArn, PhoneNumber", PUBLISH_DOC)
    if targets != ["TopicArn"]:
        raise Refused(400, "InvalidParameter", "this stand-in publishes to topics only", PUBLISH_DOC)
    topic = params["TopicArn"]
    if not re.match(r"^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", topic):
        raise Refused(400, "InvalidParameter", f"Invalid parameter: TopicArn {topic!r}", PUBLISH_DOC)
    if topic not in topics:
        # NotFound, HTTP 404: "Indicates that the requested resource does not exist."
        raise Refused(404, "NotFound", "Topic does not exist", PUBLISH_DOC)
    message = params["Message"]
    if len(message.encode("utf-8")) > 262144:
        # "messages must be UTF-8 encoded strings and at most 256 KB in size (262,144 bytes, not 262,144 characters)"
        raise Refused(400, "InvalidParameter", "Message is longer than 262,144 bytes", PUBLISH_DOC)
    subject = params.get("Subject")
    if subject is not None:
        # "Subjects must be UTF-8 text with no line breaks or control characters, and less than 100 characters long."
        if not subject or len(subject) >= 100 or any(ord(c) < 32 or ord(c) == 127 for c in subject):
            raise Refused(400, "InvalidParameter", "Subject must be 1-99 characters without line breaks or control characters", PUBLISH_DOC)
    structure = params.get("MessageStructure")
    if structure is not None:
        # "Valid value: json"; with it the Message is a JSON object with a "default" key.
        if structure != "json":
            raise Refused(400, "InvalidParameter", "MessageStructure must be json", PUBLISH_DOC)
        try:
            if not isinstance(json.loads(message).get("default"), str):
                raise ValueError
        except (ValueError, AttributeError):
            raise Refused(400, "InvalidParameter", "with MessageStructure json the Message must be a JSON object with a string \"default\"", PUBLISH_DOC) from None
    if (params.get("MessageGroupId") or params.get("MessageDeduplicationId")) and not topic.endswith(".fifo"):
        # MessageGroupId "is required for FIFO topics" and not allowed for standard ones.
        raise Refused(400, "InvalidParameter", "MessageGroupId/MessageDeduplicationId apply to FIFO topics only", PUBLISH_DOC)
    return {"TopicArn": topic, "Subject": subject, "Message": message, "MessageStructure": structure}


class SnsHandler(Handler):
    server_version = "sns-stand-in"
    content_type = "text/xml"

    def do_POST(self):  # noqa: N802 (http.server's name)
        request_id = str(uuid.uuid4())
        try:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            content_type = self.headers.get("Content-Type", "")
            if not content_type.startswith("application/x-www-form-urlencoded"):
                # Query requests POST their parameters form-encoded.
                raise Refused(400, "InvalidParameter", f"Content-Type {content_type!r} is not application/x-www-form-urlencoded", QUERY_DOC)
            check_sigv4(self.headers.get("Authorization", ""), "sns", 403, "MissingAuthenticationToken")
            params = dict(parse_qsl(body, keep_blank_values=True))
            if params.get("Version") != self.server.model["metadata"]["apiVersion"]:
                # Version: "The API version that the request is written for", 2010-03-31.
                raise Refused(400, "InvalidParameter", f"Version {params.get('Version')!r} is not {self.server.model['metadata']['apiVersion']}", COMMON_DOC)
            action = params.get("Action")
            if action != "Publish":
                # InvalidAction, 400: "The action or operation requested is invalid."
                raise Refused(400, "InvalidAction", f"{action!r} is not served here", ERRORS_DOC)
            record = check_publish(params, self.server.model, set(self.server.args.topic))
        except Refused as refused:
            self.reply(refused.status, f'<ErrorResponse xmlns="{XMLNS}"><Error><Type>Sender</Type><Code>{refused.code}</Code>'
                                       f"<Message>{xml_escape(str(refused))}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>")
            return
        message_id = str(uuid.uuid4())
        with open(self.server.record, "a", encoding="utf-8") as out:
            out.write(json.dumps({**record, "MessageId": message_id}) + "\n")
        self.reply(200, f'<PublishResponse xmlns="{XMLNS}"><PublishResult><MessageId>{message_id}</MessageId></PublishResult>'
                        f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></PublishResponse>")


def main():
    serve(__doc__, SnsHandler, "aws-sdk v2's apis/sns-2010-03-31.min.json",
          "file each accepted publish is appended to (JSON lines)",
          lambda parser: parser.add_argument("--topic", action="append", default=[], help="a topic that exists (repeatable)"))


if __name__ == "__main__":
    main()
