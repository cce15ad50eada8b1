using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using IvrApi.Http;

namespace IvrApi.Admin;

/// <summary>
/// Who may use the admin API, failing closed: anything the guard cannot establish (no peer address, no request
/// context, no principal) is refused. Returns the principal for the audit trail, or the reason for a 403.
/// </summary>
internal static partial class AdminGuard
{
    // Headers a reverse proxy adds: a request that carries one came through a proxy, from anywhere.
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"];

    public static (string? Principal, string? Refusal) Check(HttpContext http, AdminOptions options)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            // On Lambda the Web Adapter is the only peer, on loopback too.
            return (null, remote is null ? "The request has no remote address." : "The request does not come from this machine (loopback).");
        }

        return options.Access == AdminAccess.FunctionUrlIam ? FunctionUrlPrincipal(http) : LoopbackPrincipal(http, remote, options.LoopbackPort);
    }

    private static (string?, string?) LoopbackPrincipal(HttpContext http, IPAddress remote, int port)
    {
        // Only the admin listener serves it: a proxy in front of the service's own port forwards there, whatever
        // headers it sends or leaves out.
        if (http.Connection.LocalPort != port || http.Connection.LocalIpAddress is not { } local || !IPAddress.IsLoopback(local))
        {
            return (null, $"The admin API answers on its own listener, 127.0.0.1:{port} (Admin:LoopbackPort), not on the service's port a proxy may forward to.");
        }

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
    // The Web Adapter builds this header from the invocation's payload. Through the Function URL, Lambda wrote that
    // payload; a direct invocation carries whatever its caller wrote, so the principal is trusted only from a context
    // shaped as the Function URL makes it. The deploy grants lambda:InvokeFunction only with
    // lambda:InvokedViaFunctionUrl, so nobody it grants can send a direct one at all.
    private static (string?, string?) FunctionUrlPrincipal(HttpContext http)
    {
        const string Missing = "The request has no IAM principal in the Function URL request context (x-amzn-request-context).";
        const string NotFunctionUrl = "The request context is not one a Function URL makes (domainName, domainPrefix and apiId of a Lambda Function URL, authorizer.iam.accountId of the principal's account): a direct invocation's hand-made context is not audited under the name it claims.";
        var header = http.Request.Headers["x-amzn-request-context"].ToString();
        if (header.Length == 0)
        {
            return (null, Missing);
        }

        try
        {
            using var document = JsonDocument.Parse(header);
            JsonElement? context = document.RootElement;
            var iam = context.Get("authorizer").Get("iam");
            var principal = iam.Get("userArn").String();
            if (string.IsNullOrWhiteSpace(principal))
            {
                return (null, Missing);
            }

            var domain = FunctionUrlDomain().Match(context.Get("domainName").String() ?? "");
            var urlId = domain.Success ? domain.Groups["id"].Value : null;
            var shaped = urlId is not null
                && context.Get("domainPrefix").String() == urlId && context.Get("apiId").String() == urlId
                && principal.Split(':') is [_, _, _, _, var account, ..] && account.Length == 12 && iam.Get("accountId").String() == account;
            return shaped ? (principal, null) : (null, NotFunctionUrl);
        }
        catch (JsonException)
        {
            return (null, Missing);
        }
    }

    // <url-id>.lambda-url.<region>.on.aws (https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html).
    [GeneratedRegex(@"^(?<id>[a-z0-9]{1,64})\.lambda-url\.[a-z]{2}(-[a-z]+)+-[0-9]\.on\.aws$")]
    private static partial Regex FunctionUrlDomain();
}
