using System.Text.Json.Nodes;
using Amazon.Runtime;
using IvrApi.Tests.Admin;
using IvrApi.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IvrApi.Tests.Agents;

/// <summary>
/// Agent secrets in Secrets Manager without its SDK: JSON 1.1 requests signed by the shared SigV4 client, answered by
/// a loopback fake that verifies the signature, and judged against the AWS SDK's Secrets Manager model.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class SecretsManagerTests : IAsyncLifetime
{
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private FakeSecretsManager secretsManager = null!;

    public async Task InitializeAsync() => secretsManager = await FakeSecretsManager.StartAsync(SecretKey);

    public async Task DisposeAsync() => await secretsManager.DisposeAsync();

    [Fact]
    public async Task Create_rotate_and_delete_keep_one_secret_per_agent_in_requests_the_model_accepts()
    {
        using var app = App(new BasicAWSCredentials("AKIDEXAMPLE", SecretKey));
        using var client = app.CreateClient();

        var created = await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["history"] }""");
        created.Status.Should().Be(201);
        secretsManager.Secrets.Should().ContainKey("ivr/agents/alice").WhoseValue.Should().Be(created.Body.GetProperty("password").GetString());

        var rotated = await AdminApi.PostAsync(client, "/agents/alice/password");
        rotated.Status.Should().Be(200);
        secretsManager.Secrets["ivr/agents/alice"].Should().Be(rotated.Body.GetProperty("password").GetString());

        (await AdminApi.DeleteAsync(client, "/agents/alice")).Status.Should().Be(204);
        secretsManager.Secrets.Should().BeEmpty();

        secretsManager.Problems.Should().BeEmpty();
        secretsManager.Targets.Should().Equal(
            "secretsmanager.CreateSecret", "secretsmanager.CreateSecret", "secretsmanager.PutSecretValue", "secretsmanager.DeleteSecret");
        ((bool)secretsManager.Requests.Last()["body"]!["ForceDeleteWithoutRecovery"]!).Should().BeTrue("a removed agent's password must stop working now");
        secretsManager.ModelCheck().Should().EndWith("CreateSecret CreateSecret PutSecretValue DeleteSecret, 0 errors");
    }

    [Fact]
    public void The_model_check_refuses_what_the_model_and_the_API_reference_refuse()
    {
        var requests = new JsonArray(
            new JsonObject { ["target"] = "secretsmanager.CreateSecret", ["contentType"] = "application/json", ["signingName"] = "secretsmanager", ["body"] = new JsonObject { ["SecretName"] = "ivr/agents/alice", ["SecretString"] = "x" } },
            new JsonObject { ["target"] = "secretsmanager.PutSecretValue", ["contentType"] = "application/x-amz-json-1.1", ["signingName"] = "secretsmanager", ["body"] = new JsonObject { ["SecretId"] = "ivr/agents/alice", ["SecretString"] = "x", ["ClientRequestToken"] = "short" } },
            new JsonObject { ["target"] = "secretsmanager.DeleteSecret", ["contentType"] = "application/x-amz-json-1.1", ["signingName"] = "secretsmanager", ["body"] = new JsonObject { ["SecretId"] = "ivr/agents/alice", ["ForceDeleteWithoutRecovery"] = "yes" } },
            new JsonObject { ["target"] = "secretsmanager.RemoveSecret", ["contentType"] = "application/x-amz-json-1.1", ["signingName"] = "secretsmanager", ["body"] = new JsonObject() });

        var report = FakeSecretsManager.ModelCheck(requests);

        report.Should().Contain("Content-Type application/json, the model says application/x-amz-json-1.1")
            .And.Contain("unknown member SecretName").And.Contain("missing required member Name")
            .And.Contain("a raw request must send ClientRequestToken")
            .And.Contain("5 characters, minimum 32")
            .And.Contain("ForceDeleteWithoutRecovery: expected a boolean")
            .And.Contain("X-Amz-Target secretsmanager.RemoveSecret is not");
    }

    [Fact]
    public async Task A_secret_already_gone_does_not_stop_the_agent_delete()
    {
        using var app = App(new BasicAWSCredentials("AKIDEXAMPLE", SecretKey));
        using var client = app.CreateClient();
        await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["history"] }""");
        secretsManager.Secrets.Clear();

        (await AdminApi.DeleteAsync(client, "/agents/alice")).Status.Should().Be(204);

        (await AdminApi.GetAsync(client, "/agents/alice")).Status.Should().Be(404);
        secretsManager.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_secret_is_a_503_the_reason_is_logged_and_no_agent_is_created()
    {
        secretsManager.Behaviour = async context =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("""{"__type":"AccessDeniedException","message":"User is not authorized to perform: secretsmanager:CreateSecret"}""");
        };
        using var app = App(new BasicAWSCredentials("AKIDEXAMPLE", SecretKey));
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["history"] }""");

        answer.Status.Should().Be(503);
        answer.Body.GetProperty("title").GetString().Should().Be("The agent secret store is unavailable");
        answer.Body.GetRawText().Should().NotContain("AccessDenied", "the service's words can name the account: the log has them");
        app.Logs.Lines.Should().Contain(l => l.Contains("Secrets Manager CreateSecret answered 400 AccessDeniedException", StringComparison.Ordinal));
        (await AdminApi.GetAsync(client, "/agents/alice")).Status.Should().Be(404);
    }

    [Fact]
    public async Task A_request_signed_with_the_wrong_key_is_refused_by_the_fake_and_nothing_is_created()
    {
        using var app = App(new BasicAWSCredentials("AKIDEXAMPLE", "not-the-secret"));
        using var client = app.CreateClient();

        (await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["history"] }""")).Status.Should().Be(503);

        secretsManager.Problems.Should().Contain("signature does not verify");
        secretsManager.Secrets.Should().BeEmpty();
    }

    private IvrApiFactory App(AWSCredentials credentials)
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SECRETS_MANAGER", secretsManager.Endpoint);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        return new IvrApiFactory()
            .WithLocalAdmin()
            .With("Agents:SecretStore", "SecretsManager")
            .With("Agents:SecretPrefix", "ivr/agents/")
            .WithServices(s => s.AddSingleton<Func<AWSCredentials>>(() => credentials));
    }
}
