using IvrApi.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IvrApi.Voicemail;

/// <summary>
/// <c>/departments/{name}/messages</c>: a department's recorded messages and short-lived links to play them. A
/// department deleted from the directory keeps its messages listable until the bucket's retention removes them.
/// </summary>
internal static class VoicemailAdmin
{
    public static async Task<Results<Ok<VoicemailMessageRecord[]>, ValidationProblem, ProblemHttpResult>> ListAsync(string name, [AsParameters] VoicemailAccess voicemail)
    {
        if (Off(voicemail) is { } off)
        {
            return off;
        }

        if (Invalid(name, null) is { } invalid)
        {
            return invalid;
        }

        var messages = await voicemail.ListAsync(VoicemailRules.Department(name)!).ConfigureAwait(false);
        return TypedResults.Ok(messages.Select(VoicemailMessageRecord.From).ToArray());
    }

    public static async Task<Results<Ok<VoicemailLink>, ValidationProblem, ProblemHttpResult>> LinkAsync(
        string name, string messageId, HttpContext http, [AsParameters] VoicemailAccess voicemail)
    {
        if (Off(voicemail) is { } off)
        {
            return off;
        }

        if (Invalid(name, messageId) is { } invalid)
        {
            return invalid;
        }

        var department = VoicemailRules.Department(name)!;
        // Whole seconds, as the link's own X-Amz-Date and X-Amz-Expires count them.
        var now = voicemail.Clock.GetUtcNow();
        var expiresAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)).AddMinutes(voicemail.Options.Value.LinkMinutes);
        if (await voicemail.LinkAsync(department, messageId, expiresAt).ConfigureAwait(false) is not { } url)
        {
            return AdminRequests.NotFound($"message '{messageId}' of department '{department}'");
        }

        // Whoever holds the link hears the caller: who was given one, and until when, is audited like a write.
        AdminAudit.VoicemailLink(http, department, messageId, expiresAt);
        return TypedResults.Ok(new VoicemailLink(url, expiresAt));
    }

    private static ProblemHttpResult? Off(VoicemailAccess voicemail) =>
        voicemail.Configured
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Voicemail listing is off",
                detail: "Set Voicemail:Bucket to the bucket the PBX host uploads messages to (its IVR_VOICEMAIL_BUCKET).");

    private static ValidationProblem? Invalid(string name, string? messageId)
    {
        if (VoicemailRules.Department(name) is null)
        {
            return AdminRequests.Invalid("department_name", $"'{name}' is not a department name");
        }

        return messageId is not null && !VoicemailRules.IsValidMessageId(messageId)
            ? AdminRequests.Invalid("message_id", $"message id '{messageId}' must look like 20261207T181500Z-1765131300-42 (time, then letters, digits and '-')")
            : null;
    }
}
