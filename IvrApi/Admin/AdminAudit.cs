using System.Text.Json;
using IvrApi.Agents.Storage;
using IvrApi.Departments.Storage;
using IvrApi.Http;
using IvrApi.Observability;

namespace IvrApi.Admin;

/// <summary>
/// One structured event per admin write: who (the IAM principal, or the loopback peer), what, before and after, in
/// the stored shape. Caller numbers in rules are masked like every other log line.
/// </summary>
internal static partial class AdminAudit
{
    public const string PrincipalItem = "ivr.admin.principal";

    // Readable records in the log ("+1555…", not "\u002B1555…"); control characters are still escaped.
    private static readonly JsonSerializerOptions Readable =
        new(IvrJsonContext.Default.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Department(HttpContext http, string operation, string name, DepartmentRecord? before, DepartmentRecord? after) =>
        Write(http, operation, "department", name, Json(before), Json(after));

    public static void Rule(HttpContext http, string operation, string id, RuleRecord? before, RuleRecord? after) =>
        Write(http, operation, "rule", id, Json(Masked(before)), Json(Masked(after)));

    /// <summary>An agent write; passwords are never part of an agent record, so never of the audit.</summary>
    public static void Agent(HttpContext http, string operation, string id, AgentRecord? before, AgentRecord? after) =>
        Write(http, operation, "agent", id, Json(before), Json(after));

    /// <summary>A link that plays a recorded caller, and until when: reading personal data is audited like a write.</summary>
    public static void VoicemailLink(HttpContext http, string department, string messageId, DateTimeOffset expiresAt) =>
        Write(http, "link", "voicemail", $"{department}/{messageId}", "null", $"{{\"expires_at\":\"{expiresAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\"}}");

    private static void Write(HttpContext http, string operation, string resource, string key, string before, string after)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("IvrApi.Admin.Audit");
        LogWrite(logger, operation, resource, key, http.Items[PrincipalItem] as string ?? "", before, after);
    }

    private static RuleRecord? Masked(RuleRecord? rule) =>
        rule is { CallerNumber: { } number } ? rule with { CallerNumber = PhoneNumberMask.Mask(number) } : rule;

    private static string Json<T>(T? value)
        where T : class => value is null ? "null" : JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Readable.GetTypeInfo(typeof(T)));

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Admin audit: {Operation} {Resource} {Key} by {Principal}; before {Before}; after {After}")]
    private static partial void LogWrite(ILogger logger, string operation, string resource, string key, string principal, string before, string after);
}
