"""The AWS CLI as the host daemons call it: JSON out, the region and the endpoint from the settings.

Python standard library only, with the `aws` command doing the signing, credentials (the instance role) and
retries: the host needs no SDK. Locally IVR_AWS_ENDPOINT_URL points the services at a stand-in, and
IVR_<SERVICE>_ENDPOINT_URL (IVR_DYNAMODB_, IVR_S3_, IVR_SNS_, IVR_SECRETSMANAGER_) one service at its own (dynalite,
s3rver, the SNS stand-in): the CLI of Debian 12 (2.9) has no per-service endpoint setting of its own.
"""
import json
import os
import subprocess


class AwsError(Exception):
    """An `aws` call that failed: the service refused it, was unreachable, or the CLI itself failed."""


class Aws:
    def __init__(self, environ=os.environ, timeout=60):
        self.command = [environ.get("IVR_AWS_CLI", "aws"), "--output", "json"]
        if environ.get("IVR_REGION"):
            self.command += ["--region", environ["IVR_REGION"]]
        self.environ = environ
        self.timeout = timeout

    def endpoint(self, service):
        own = "IVR_" + {"s3api": "S3"}.get(service, service.upper()) + "_ENDPOINT_URL"
        return self.environ.get(own) or self.environ.get("IVR_AWS_ENDPOINT_URL", "")

    def __call__(self, service, operation, *arguments):
        """Runs `aws SERVICE OPERATION ARGUMENTS...` and returns its JSON output (None when it prints nothing)."""
        endpoint = self.endpoint(service)
        command = self.command + (["--endpoint-url", endpoint] if endpoint else []) + [service, operation, *arguments]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise AwsError(f"aws {service} {operation}: {error}") from error
        if done.returncode != 0:
            raise AwsError(f"aws {service} {operation} exited {done.returncode}: {done.stderr.strip()[-500:]}")
        return json.loads(done.stdout) if done.stdout.strip() else None


def plain(value):
    """A DynamoDB attribute value ({"S": "x"}, {"L": [...]}, ...) as plain Python."""
    (kind, inner), = value.items()
    if kind in ("S", "BOOL"):
        return inner
    if kind == "N":
        return float(inner) if any(c in inner for c in ".eE") else int(inner)
    if kind in ("SS", "NS"):
        return [plain({kind[0]: v}) for v in inner]
    if kind == "L":
        return [plain(v) for v in inner]
    if kind == "M":
        return {k: plain(v) for k, v in inner.items()}
    if kind == "NULL":
        return None
    raise ValueError(f"unsupported DynamoDB type {kind}")
