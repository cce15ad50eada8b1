using Amazon;
using Amazon.Runtime;
using IvrApi.Aws;
using IvrApi.Http;
using IvrApi.Routing;
using Microsoft.Extensions.Options;

namespace IvrApi.Lex;

/// <summary>
/// Lex V2 runtime PutSession over HTTPS, signed with SigV4 (signing name <c>lex</c>) by AWSSDK.Core: the Lex runtime
/// SDK is not available to us. Puts the call's bot session into "RouteCall, elicit Department" before the bot starts.
/// </summary>
public sealed class LexSessionPreloader : IBotSessionPreloader, IDisposable
{
    private readonly IOptions<LexOptions> options;
    private readonly SignedAwsClient lex;

    public LexSessionPreloader(IOptions<LexOptions> options, Func<AWSCredentials> credentials)
    {
        this.options = options;
        lex = new SignedAwsClient(
            credentials,
            "lex",
            () => RegionEndpoint.GetBySystemName((Alias ?? throw new InvalidOperationException("Lex:BotAliasArn is not a bot alias ARN.")).Region),
            region => SignedAwsClient.Endpoint("AWS_ENDPOINT_URL_LEX_RUNTIME_V2", $"https://runtime-v2-lex.{region.SystemName}.amazonaws.com"));
    }

    public bool Enabled => options.Value.PreloadSession && Alias is not null;

    private BotAlias? Alias => BotAlias.Parse(options.Value.BotAliasArn);

    public async Task PreloadAsync(string sessionId, CallStep.StartBot opening, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opening);
        var settings = options.Value;
        var alias = Alias ?? throw new InvalidOperationException("Lex:BotAliasArn is not a bot alias ARN.");
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.PreloadTimeout);

        // No caller number: the bot needs none, and the alias's conversation logs would keep it.
        var attributes = BotHandoff.Opening(opening);

        // The department slot, as the AWS sample preloads it. The bot's welcome message asks the question either way,
        // and a proposed department travels as a session attribute: no ConfirmIntent is preloaded, whose survival
        // into StartBotConversation no page documents.
        var body = new PutSessionRequest(new PutSessionState(attributes, new PutSessionIntent(settings.IntentName), new LexDialogAction("ElicitSlot", settings.SlotName)));
        var path = $"bots/{Uri.EscapeDataString(alias.BotId)}/botAliases/{Uri.EscapeDataString(alias.AliasId)}"
            + $"/botLocales/{Uri.EscapeDataString(opening.Language.LexLocaleId)}/sessions/{Uri.EscapeDataString(sessionId)}";

        using var response = await lex.Client()
            .PostAsJsonAsync(path, body, IvrJsonContext.Default.PutSessionRequest, budget.Token)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? string.Join(",", values) : "";
            throw new HttpRequestException($"Lex PutSession answered {(int)response.StatusCode} {error}".TrimEnd(), null, response.StatusCode);
        }
    }

    public void Dispose() => lex.Dispose();
}
