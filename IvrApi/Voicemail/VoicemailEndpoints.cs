using IvrApi.Admin;

namespace IvrApi.Voicemail;

/// <summary>The voicemail part of the admin API, under <c>/departments</c> on the admin guard.</summary>
internal static class VoicemailEndpoints
{
    public static IEndpointRouteBuilder MapVoicemail(this IEndpointRouteBuilder routes)
    {
        var messages = routes.MapGroup("/departments/{name}/messages").WithTags("Admin").AddEndpointFilter(AdminEndpoints.GuardAsync);
        messages.MapGet("/", VoicemailAdmin.ListAsync).WithSummary("A department's voicemail messages, newest first (at most Voicemail:MaxMessages)");
        messages.MapGet("/{messageId}/link", VoicemailAdmin.LinkAsync).WithSummary("A presigned link that plays one message for Voicemail:LinkMinutes");
        return routes;
    }
}
