using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using IvrApi.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IvrApi.Tests.Lex;

/// <summary>PutSession without the Lex SDK: SigV4-signed HTTPS through AWSSDK.Core, checked by a fake Lex runtime.</summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class PutSessionTests : IAsyncLifetime
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private FakeLexRuntime lex = null!;

    public async Task InitializeAsync() => lex = await FakeLexRuntime.StartAsync(SecretKey);

    public async Task DisposeAsync() => await lex.DisposeAsync();

    [Fact]
    public async Task A_new_call_preloads_the_session_with_a_signed_put_session_and_then_greets()
    {
        using var app = Factory(new BasicAWSCredentials("AKIDEXAMPLE", SecretKey));

        var answer = await NewCall(app);

        lex.Problems.Should().BeEmpty();
        var (path, body, _) = lex.PutSessions.Should().ContainSingle().Subject;
        path.Should().Be("/bots/ABCDEFGHIJ/botAliases/KLMNOPQRST/botLocales/en_US/sessions/3f1c2b7e-8a4d-4e2f-9b6a-5c7d8e9f0a1b");
        JsonNode.DeepEquals(JsonNode.Parse(body.GetRawText()), JsonNode.Parse(
            """{"sessionState":{"sessionAttributes":{"menu":"science art history math","x-amz-lex:dtmf:max-length:*:*":"1","language":"en"},"intent":{"name":"RouteCall"},"dialogAction":{"type":"ElicitSlot","slotToElicit":"Department"}}}"""))
            .Should().BeTrue(body.GetRawText());
        // The fake answers only POST, so that is the method.
        SdkModelCheck(path, body).Should().EndWith("PutSession, 0 errors");
        // The bot asks the question itself, preloaded or not, so the caller can answer before it ends.
        Fixtures.Types(answer).Should().Be("StartBotConversation");
    }

    [Fact]
    public async Task Temporary_credentials_send_and_sign_the_session_token()
    {
        using var app = Factory(new SessionAWSCredentials("ASIAEXAMPLE", SecretKey, "token-from-the-lambda-role"));

        await NewCall(app);

        lex.Problems.Should().BeEmpty();
        var headers = lex.PutSessions.Should().ContainSingle().Which.Headers;
        headers["X-Amz-Security-Token"].Should().Be("token-from-the-lambda-role");
        headers["Authorization"].Should().Contain("x-amz-security-token");
    }

    [Fact]
    public async Task The_fake_runtime_refuses_a_request_signed_with_the_wrong_key()
    {
        using var app = Factory(new BasicAWSCredentials("AKIDEXAMPLE", "not-the-secret"));

        var answer = await NewCall(app);

        lex.Problems.Should().Contain("signature does not verify");
        Fixtures.Types(answer).Should().Be("StartBotConversation");
    }

    [Fact]
    public async Task A_lex_error_does_not_stop_the_call()
    {
        lex.Behaviour = async context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.Headers["x-amzn-ErrorType"] = "AccessDeniedException";
            await context.Response.WriteAsync("{\"message\":\"not allowed\"}");
        };
        using var app = Factory(new BasicAWSCredentials("AKIDEXAMPLE", SecretKey));

        var answer = await NewCall(app);

        Fixtures.Types(answer).Should().Be("StartBotConversation");
        app.Logs.Lines.Should().Contain(l => l.Contains("AccessDeniedException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lex_that_never_answers_does_not_stop_the_call()
    {
        lex.Behaviour = context => Task.Delay(Timeout.Infinite, context.RequestAborted);
        using var app = Factory(new BasicAWSCredentials("AKIDEXAMPLE", SecretKey)).With("Lex:PreloadTimeout", "00:00:00.3");

        var answer = await NewCall(app);

        // The bot is asked to put its own question, since the preloaded one never arrived.
        Fixtures.Types(answer).Should().Be("StartBotConversation");
        Fixtures.Actions(answer)[0].Parameters.GetProperty("Configuration").TryGetProperty("WelcomeMessages", out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_credential_failure_is_tried_again_on_the_next_call_not_kept_for_the_process_life()
    {
        var resolutions = 0;
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_LEX_RUNTIME_V2", lex.Endpoint);
        using var app = new IvrApiFactory()
            .With("Lex:PreloadSession", "true")
            .WithServices(s => s.AddSingleton<Func<AWSCredentials>>(() => ++resolutions == 1
                ? throw new AmazonClientException("The credential source is not ready yet.")
                : new BasicAWSCredentials("AKIDEXAMPLE", SecretKey)));

        var first = await NewCall(app);
        var second = await NewCall(app);

        Fixtures.Types(first).Should().Be("StartBotConversation", "the first call goes on without the preload");
        Fixtures.Types(second).Should().Be("StartBotConversation", "the second call resolves the credentials again and preloads");
        lex.PutSessions.Should().ContainSingle();
        lex.Problems.Should().BeEmpty();
    }

    [Fact]
    public void Pooled_connections_to_signed_AWS_endpoints_are_recycled()
    {
        using var handler = IvrApi.Aws.SignedAwsClient.CreateHandler();

        // Infinite (the default) would keep one address of the regional endpoint for the process's life.
        handler.PooledConnectionLifetime.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(15));
    }

    /// <summary>
    /// The captured request checked by spec-check/check-request.mjs against the AWS SDK's Lex V2 runtime model
    /// (botocore lexv2-runtime: members, required members, enums, patterns, lengths); its summary line, or its errors.
    /// </summary>
    private static string SdkModelCheck(string path, JsonElement body)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "spec-check", "check-request.mjs"))) root = root.Parent!;
        var bodyFile = Path.GetTempFileName();
        File.WriteAllText(bodyFile, body.GetRawText());
        var start = new System.Diagnostics.ProcessStartInfo("node",
            [Path.Combine(root.FullName, "spec-check", "check-request.mjs"), "lexv2-runtime", "PutSession", "POST", path, bodyFile])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = System.Diagnostics.Process.Start(start)!;
        var output = node.StandardOutput.ReadToEnd() + node.StandardError.ReadToEnd();
        node.WaitForExit();
        return output.Trim();
    }

    private IvrApiFactory Factory(AWSCredentials credentials)
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_LEX_RUNTIME_V2", lex.Endpoint);
        return new IvrApiFactory()
            .With("Lex:PreloadSession", "true")
            .WithServices(s => s.AddSingleton<Func<AWSCredentials>>(() => credentials));
    }

    private static async Task<JsonElement> NewCall(IvrApiFactory app)
    {
        using var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(10);
        var (status, answer) = await Fixtures.PostAsync(client, "/sma", Fixtures.Sma("new-inbound-call"));
        status.Should().Be(200);
        return answer;
    }
}
