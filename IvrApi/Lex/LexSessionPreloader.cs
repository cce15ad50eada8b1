using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using IvrApi.Departments;
using IvrApi.Http;
using IvrApi.Routing;
using IvrApi.Routing.Matching;
using Microsoft.Extensions.Options;

namespace IvrApi.Lex;

/// <summary>
/// Lex V2 runtime PutSession over HTTPS, signed with SigV4 (signing name <c>lex</c>) by AWSSDK.Core: the Lex runtime
/// SDK is not available to us. Puts the call's bot session into "RouteCall, elicit Department" before the bot starts.
/// </summary>
public sealed class LexSessionPreloader : IBotSessionPreloader, IDisposable
{
    private readonly IOptions<LexOptions> options;
    private readonly Func<AWSCredentials> credentials;
    private readonly Lock gate = new();
    private HttpClient? client;

    public LexSessionPreloader(IOptions<LexOptions> options, Func<AWSCredentials> credentials)
    {
        this.options = options;
        this.credentials = credentials;
    }

    public bool Enabled => options.Value.PreloadSession && Alias is not null;

    private BotAlias? Alias => BotAlias.Parse(options.Value.BotAliasArn);

    public async Task PreloadAsync(string sessionId, Department? proposed, KeypadMenu menu, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var alias = Alias ?? throw new InvalidOperationException("Lex:BotAliasArn is not a bot alias ARN.");
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.PreloadTimeout);

        // No caller number: the bot needs none, and the alias's conversation logs would keep it.
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        BotHandoff.SetMenu(attributes, menu);
        BotHandoff.SetProposed(attributes, proposed?.Name);

        // The department slot, as the AWS sample preloads it. The bot's welcome message asks the question either way,
        // and a proposed department travels as a session attribute: no ConfirmIntent is preloaded, whose survival
        // into StartBotConversation no page documents.
        var body = new PutSessionRequest(new PutSessionState(attributes, new PutSessionIntent(settings.IntentName), new LexDialogAction("ElicitSlot", settings.SlotName)));
        var path = $"bots/{Uri.EscapeDataString(alias.BotId)}/botAliases/{Uri.EscapeDataString(alias.AliasId)}"
            + $"/botLocales/{Uri.EscapeDataString(settings.LocaleId)}/sessions/{Uri.EscapeDataString(sessionId)}";

        using var response = await Client()
            .PostAsJsonAsync(path, body, IvrJsonContext.Default.PutSessionRequest, budget.Token)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? string.Join(",", values) : "";
            throw new HttpRequestException($"Lex PutSession answered {(int)response.StatusCode} {error}".TrimEnd(), null, response.StatusCode);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            client?.Dispose();
        }
    }

    /// <summary>
    /// The handler under the signer. Pooled connections are recycled, so a long-lived instance follows DNS changes
    /// of the regional endpoint instead of keeping one address for its whole life.
    /// </summary>
    internal static SocketsHttpHandler CreateHandler() => new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// Built on first use, so a laptop without AWS credentials runs fine with preload off; kept only once built, so a
    /// failure to resolve credentials (a throttled or not yet ready credential source) is tried again on the next call.
    /// </summary>
    private HttpClient Client()
    {
        lock (gate)
        {
            if (client is null)
            {
                var alias = Alias ?? throw new InvalidOperationException("Lex:BotAliasArn is not a bot alias ARN.");
                var signer = new SigV4SigningHandler(credentials(), RegionEndpoint.GetBySystemName(alias.Region), "lex", CreateHandler());
                client = new HttpClient(signer) { BaseAddress = RuntimeEndpoint(alias.Region) };
            }

            return client;
        }
    }

    /// <summary>The standard SDK endpoint overrides first, then the public endpoint of the bot's Region.</summary>
    private static Uri RuntimeEndpoint(string region)
    {
        var configured = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_LEX_RUNTIME_V2")
            ?? Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL");
        var endpoint = string.IsNullOrWhiteSpace(configured) ? $"https://runtime-v2-lex.{region}.amazonaws.com" : configured;
        return new Uri(endpoint.TrimEnd('/') + "/");
    }
}
