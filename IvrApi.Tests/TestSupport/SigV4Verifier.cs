using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// SigV4 as the AWS General Reference defines it, recomputed from a request as a fake AWS endpoint received it,
/// independently of the SDK that signed it. Shared by the loopback fakes of APIs we call without their SDK.
/// </summary>
public static partial class SigV4Verifier
{
    /// <summary>Every reason the request's signature is not the one <paramref name="secretKey"/> makes for <paramref name="signingName"/>.</summary>
    public static IEnumerable<string> Check(HttpRequest request, byte[] body, string secretKey, string signingName)
    {
        var authorization = request.Headers.Authorization.ToString();
        var match = AuthorizationHeader().Match(authorization);
        if (!match.Success)
        {
            yield return $"Authorization '{authorization}' is not AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…";
            yield break;
        }

        var (date, region, service) = (match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value);
        if (service != signingName)
        {
            yield return $"signing service is '{service}', not '{signingName}'";
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            yield return "X-Amz-Date is missing or does not match the credential scope date";
        }

        var signedHeaders = match.Groups["signed"].Value.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            yield return "host and x-amz-date must be signed";
        }

        if (request.Headers.ContainsKey("X-Amz-Security-Token") && !signedHeaders.Contains("x-amz-security-token"))
        {
            yield return "x-amz-security-token is sent but not signed";
        }

        var payloadHash = request.Headers.TryGetValue("x-amz-content-sha256", out var declared) ? declared.ToString() : Hex(SHA256.HashData(body));
        if (payloadHash != Hex(SHA256.HashData(body)))
        {
            yield return "x-amz-content-sha256 does not match the body";
        }

        var canonicalHeaders = string.Concat(signedHeaders.Select(h => $"{h}:{Trim(h == "host" ? request.Host.Value! : request.Headers[h].ToString())}\n"));
        var canonicalRequest = string.Join('\n', request.Method, request.Path.Value, request.QueryString.Value?.TrimStart('?') ?? "", canonicalHeaders, string.Join(';', signedHeaders), payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        if (expected != match.Groups["signature"].Value)
        {
            yield return "signature does not verify";
        }
    }

    /// <summary>
    /// Every reason a presigned S3 GET URL's query-string signature is not the one <paramref name="secretKey"/> makes
    /// for that very URL (AWS S3 API reference, "Authenticating Requests: Using Query Parameters (AWS Signature
    /// Version 4)": payload <c>UNSIGNED-PAYLOAD</c>, every query parameter but the signature in the canonical query).
    /// </summary>
    public static IEnumerable<string> CheckPresignedGet(Uri url, string secretKey)
    {
        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.ElementAtOrDefault(1) ?? ""), StringComparer.Ordinal);
        foreach (var required in new[] { "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature" })
        {
            if (!query.ContainsKey(required))
            {
                yield return $"{required} is missing";
                yield break;
            }
        }

        var scope = query["X-Amz-Credential"].Split('/', 2)[1];
        var (date, region, service) = (scope.Split('/')[0], scope.Split('/')[1], scope.Split('/')[2]);
        var signedHeaders = query["X-Amz-SignedHeaders"].Split(';');
        var canonicalQuery = string.Join('&', query.Where(p => p.Key != "X-Amz-Signature")
            .Select(p => (Name: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var canonicalHeaders = string.Concat(signedHeaders.Select(h => h == "host" ? $"host:{url.Authority}\n" : throw new InvalidOperationException($"a link signing {h} cannot be played by a plain GET")));
        var canonicalRequest = string.Join('\n', "GET", url.AbsolutePath, canonicalQuery, canonicalHeaders, string.Join(';', signedHeaders), "UNSIGNED-PAYLOAD");
        var stringToSign = $"AWS4-HMAC-SHA256\n{query["X-Amz-Date"]}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        if (Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign))) != query["X-Amz-Signature"])
        {
            yield return "signature does not verify";
        }
    }

    /// <summary>The names of the headers the request signed.</summary>
    public static string[] SignedHeaders(HttpRequest request) =>
        AuthorizationHeader().Match(request.Headers.Authorization.ToString()) is { Success: true } match ? match.Groups["signed"].Value.Split(';') : [];

    private static string Trim(string value) => MultipleSpaces().Replace(value.Trim(), " ");

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(" +")]
    private static partial Regex MultipleSpaces();
}
