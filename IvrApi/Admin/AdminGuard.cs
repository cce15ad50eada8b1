using System.Net;
using System.Text.Json;

namespace IvrApi.Admin;

/// <summary>
/// Who may use the admin API, failing closed: anything the guard cannot establish (no peer address, no request
/// context, no principal) is refused. Returns the principal for the audit trail, or the reason for a 403.
/// </summary>
internal static class AdminGuard
{
    // Headers a reverse proxy adds: a request that carries one came through a proxy, from anywhere.
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"];

    public static (string? Principal, string? Refusal) Check(HttpContext http, AdminAccess access)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            // On Lambda the Web Adapter is the only peer, on loopback too.
            return (null, remote is null ? "The request has no remote address." : "The request does not come from this machine (loopback).");
        }

        return access == AdminAccess.FunctionUrlIam ? FunctionUrlPrincipal(http) : LoopbackPrincipal(http, remote);
    }

    private static (string?, string?) LoopbackPrincipal(HttpContext http, IPAddress remote)
    {
        if (ProxyHeaders.Any(http.Request.Headers.ContainsKey))
        {
            return (null, "The request came through a proxy (Forwarded, X-Forwarded-For, X-Forwarded-Host or X-Real-IP).");
        }

        // A public Host on a loopback connection is a proxy or a DNS-rebinding page in a local browser.
        var host = http.Request.Host.Host;
        var loopbackHost = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
        return loopbackHost ? ($"loopback {remote}", null) : (null, "The Host header does not name this machine (localhost or a loopback address).");
    }

    // https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads: requestContext.authorizer.iam.
    private static (string?, string?) FunctionUrlPrincipal(HttpContext http)
    {
        const string Missing = "The request has no IAM principal in the Function URL request context (x-amzn-request-context).";
        var header = http.Request.Headers["x-amzn-request-context"].ToString();
        if (header.Length == 0)
        {
            return (null, Missing);
        }

        try
        {
            using var context = JsonDocument.Parse(header);
            var principal = context.RootElement.ValueKind == JsonValueKind.Object
                && context.RootElement.TryGetProperty("authorizer", out var authorizer) && authorizer.ValueKind == JsonValueKind.Object
                && authorizer.TryGetProperty("iam", out var iam) && iam.ValueKind == JsonValueKind.Object
                && iam.TryGetProperty("userArn", out var arn) && arn.ValueKind == JsonValueKind.String
                    ? arn.GetString()
                    : null;
            return string.IsNullOrWhiteSpace(principal) ? (null, Missing) : (principal, null);
        }
        catch (JsonException)
        {
            return (null, Missing);
        }
    }
}
