using System.Text.Json;
using System.Text.RegularExpressions;
using IvrApi.Tests.Admin;
using IvrApi.Tests.TestSupport;
using Serilog.Events;

namespace IvrApi.Tests.Agents;

/// <summary>
/// Agents through the admin API on the embedded store with the local secrets directory: the password is shown once,
/// lands in the agent's 0600 file as the PBX host reads it, is never read back or logged, and goes with the agent.
/// </summary>
public sealed partial class AgentAdminTests : IDisposable
{
    private readonly string secrets = Directory.CreateTempSubdirectory("ivr-agent-secrets-").FullName;

    public void Dispose() => Directory.Delete(secrets, recursive: true);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_new_agent_gets_a_password_once_in_a_0600_file_and_never_in_a_read_or_the_log()
    {
        using var app = App();
        using var client = app.CreateClient();

        var created = await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice Smith", "departments": ["History", "art"] }""");

        created.Status.Should().Be(201);
        created.Location!.ToString().Should().Be("/agents/alice");
        var password = created.Body.GetProperty("password").GetString()!;
        Password().IsMatch(password).Should().BeTrue(password);
        created.Body.GetProperty("departments").EnumerateArray().Select(d => d.GetString()).Should().Equal("history", "art");
        created.Body.GetProperty("languages").EnumerateArray().Select(d => d.GetString()).Should().Equal("en");

        var file = Path.Combine(secrets, "alice");
        File.ReadAllBytes(file).Should().Equal(System.Text.Encoding.ASCII.GetBytes(password), "the password and no newline");
        File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.GetFiles(secrets).Should().ContainSingle("no temporary file is left behind");

        var read = await AdminApi.GetAsync(client, "/agents/alice");
        read.Status.Should().Be(200);
        read.Body.TryGetProperty("password", out _).Should().BeFalse();
        read.Body.GetProperty("display_name").GetString().Should().Be("Alice Smith");
        var list = await AdminApi.GetAsync(client, "/agents");
        list.Body.EnumerateArray().Select(a => a.GetProperty("agent_id").GetString()).Should().Equal("alice");
        list.Body.GetRawText().Should().NotContain(password);
        app.Logs.Lines.Should().NotContain(l => l.Contains(password, StringComparison.Ordinal));
        Audit(app).Select(e => (Text(e, "Operation"), Text(e, "Key"), Text(e, "Before"))).Should().Equal(("put", "alice", "null"));
    }

    [Fact]
    public async Task Replacing_an_agent_keeps_its_password_and_rotating_replaces_it()
    {
        using var app = App();
        using var client = app.CreateClient();
        var first = (await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["history"] }""")).Body.GetProperty("password").GetString()!;

        var replaced = await AdminApi.PutAsync(client, "/agents/alice", """{ "agent_id": "alice", "display_name": "Alice Smith", "departments": ["art"], "languages": ["es", "en"] }""");

        replaced.Status.Should().Be(200);
        replaced.Body.TryGetProperty("password", out _).Should().BeFalse("the agent keeps signing in with the password it has");
        replaced.Body.GetProperty("languages").EnumerateArray().Select(d => d.GetString()).Should().Equal("es", "en");
        File.ReadAllText(Path.Combine(secrets, "alice")).Should().Be(first);

        var rotated = await AdminApi.PostAsync(client, "/agents/alice/password");

        rotated.Status.Should().Be(200);
        var second = rotated.Body.GetProperty("password").GetString()!;
        Password().IsMatch(second).Should().BeTrue();
        second.Should().NotBe(first);
        File.ReadAllText(Path.Combine(secrets, "alice")).Should().Be(second);
        app.Logs.Lines.Should().NotContain(l => l.Contains(second, StringComparison.Ordinal) || l.Contains(first, StringComparison.Ordinal));
        Audit(app).Select(e => Text(e, "Operation")).Should().Equal("put", "put", "rotate password");
        (await AdminApi.PostAsync(client, "/agents/bob/password")).Status.Should().Be(404);
    }

    [Fact]
    public async Task Deleting_an_agent_deletes_its_secret()
    {
        using var app = App();
        using var client = app.CreateClient();
        await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["history"] }""");
        await AdminApi.PutAsync(client, "/agents/bob", """{ "display_name": "Bob", "departments": ["history"] }""");

        (await AdminApi.DeleteAsync(client, "/agents/alice")).Status.Should().Be(204);

        File.Exists(Path.Combine(secrets, "alice")).Should().BeFalse();
        File.Exists(Path.Combine(secrets, "bob")).Should().BeTrue();
        (await AdminApi.GetAsync(client, "/agents/alice")).Status.Should().Be(404);
        (await AdminApi.DeleteAsync(client, "/agents/alice")).Status.Should().Be(404);
        Audit(app).Select(e => (Text(e, "Operation"), Text(e, "Key"), Text(e, "After"))).Last().Should().Be(("delete", "alice", "null"));
    }

    public static TheoryData<string, string, string, string> InvalidAgents => new()
    {
        { "/agents/al-ice", """{ "display_name": "Al", "departments": ["history"] }""", "agent_id", "must be 2-32 lower-case letters" },
        { "/agents/a", """{ "display_name": "A", "departments": ["history"] }""", "agent_id", "must be 2-32 lower-case letters" },
        { "/agents/9lives", """{ "display_name": "Cat", "departments": ["history"] }""", "agent_id", "starting with a letter" },
        { "/agents/voicemail", """{ "display_name": "V", "departments": ["history"] }""", "agent_id", "and not unknown, fax, talk, operator, voicemail, status, agent" },
        { "/agents/operator", """{ "display_name": "O", "departments": ["history"] }""", "agent_id", "and not unknown" },
        { "/agents/history", """{ "display_name": "H", "departments": ["art"] }""", "agent_id", "is the name of a department" },
        { "/agents/alice", """{ "agent_id": "bob", "display_name": "Alice", "departments": ["history"] }""", "agent_id", "differs from the id in the path" },
        { "/agents/alice", """{ "departments": ["history"] }""", "display_name", "display_name is missing" },
        { "/agents/alice", """{ "display_name": "Alice \"Ace\" Smith", "departments": ["history"] }""", "display_name", "must be 1-64 letters" },
        { "/agents/alice", """{ "display_name": "Alice <sip:x@y>", "departments": ["history"] }""", "display_name", "must be 1-64 letters" },
        { "/agents/alice", $$"""{ "display_name": "{{new string('a', 65)}}", "departments": ["history"] }""", "display_name", "must be 1-64 letters" },
        { "/agents/alice", """{ "display_name": "Alice" }""", "departments", "departments is missing" },
        { "/agents/alice", """{ "display_name": "Alice", "departments": [] }""", "departments", "must be 1-20 department names" },
        { "/agents/alice", """{ "display_name": "Alice", "departments": "history" }""", "departments", "must be an array of strings" },
        { "/agents/alice", """{ "display_name": "Alice", "departments": ["geology"] }""", "departments", "serves department 'geology', which does not exist" },
        { "/agents/alice", """{ "display_name": "Alice", "departments": ["history"], "languages": ["fr"] }""", "languages", "must be among en, es" },
        { "/agents/alice", """{ "display_name": "Alice", "departments": ["history"], "password": "mine" }""", "password", "is not a field of an agent" },
        { "/agents/alice", """{ "display_name": "Alice", "department": ["history"] }""", "department", "did you mean 'departments'?" },
    };

    [Theory]
    [MemberData(nameof(InvalidAgents))]
    public async Task An_invalid_agent_is_a_validation_problem_naming_the_field_and_gets_no_secret(string path, string body, string field, string message)
    {
        using var app = App();
        using var client = app.CreateClient();

        var answer = await AdminApi.PutAsync(client, path, body);

        answer.Status.Should().Be(400);
        answer.ContentType.Should().Be("application/problem+json");
        var errors = answer.Body.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Contain(field);
        errors.GetProperty(field)[0].GetString().Should().Contain(message);
        Directory.GetFiles(secrets).Should().BeEmpty();
        (await AdminApi.GetAsync(client, "/agents")).Body.GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task An_agent_cannot_serve_a_department_that_routes_to_the_PSTN()
    {
        using var app = App();
        using var client = app.CreateClient();
        await AdminApi.PutAsync(client, "/departments/billing", """{ "service": "pstnNumber", "number": "+15555550199" }""");

        var answer = await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["billing"] }""");

        answer.Status.Should().Be(400);
        answer.Body.GetProperty("errors").GetProperty("departments")[0].GetString().Should().Contain("routes to the PSTN");
    }

    [Fact]
    public async Task A_department_agents_serve_cannot_be_deleted_moved_to_the_PSTN_or_named_like_an_agent()
    {
        using var app = App();
        using var client = app.CreateClient();
        await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["history", "art"] }""");
        await AdminApi.PutAsync(client, "/agents/bob", """{ "display_name": "Bob", "departments": ["history"] }""");

        var delete = await AdminApi.DeleteAsync(client, "/departments/history");
        delete.Status.Should().Be(409);
        delete.Body.GetProperty("detail").GetString().Should().Contain("agent 'alice'").And.Contain("agent 'bob'");
        (await AdminApi.GetAsync(client, "/departments/history")).Status.Should().Be(200);

        var toPstn = await AdminApi.PutAsync(client, "/departments/art", """{ "service": "pstnNumber", "number": "+15555550199" }""");
        toPstn.Status.Should().Be(400);
        toPstn.Body.GetProperty("errors").GetProperty("service")[0].GetString().Should().Contain("agents alice answer 'art'");

        var clash = await AdminApi.PutAsync(client, "/departments/bob", """{ "service": "voiceConnector", "number": "600900" }""");
        clash.Status.Should().Be(400);
        clash.Body.GetProperty("errors").GetProperty("department_name")[0].GetString().Should().Contain("is an agent's id");

        // Once nobody serves it, it goes.
        await AdminApi.PutAsync(client, "/agents/alice", """{ "display_name": "Alice", "departments": ["art"] }""");
        (await AdminApi.DeleteAsync(client, "/agents/bob")).Status.Should().Be(204);
        (await AdminApi.DeleteAsync(client, "/departments/history")).Status.Should().Be(204);
    }

    [Fact]
    public async Task With_the_admin_API_off_agents_say_how_to_turn_it_on()
    {
        using var app = new IvrApiFactory();
        using var client = app.CreateClient();

        var answer = await AdminApi.GetAsync(client, "/agents/alice");

        answer.Status.Should().Be(404);
        answer.Body.GetProperty("detail").GetString().Should().Contain("Admin:Enabled");
    }

    [Fact]
    public void A_relative_secret_directory_is_taken_from_the_current_directory_as_the_PBX_tooling_takes_it()
    {
        var store = new IvrApi.Agents.Secrets.DirectoryAgentSecretStore(Microsoft.Extensions.Options.Options.Create(
            new IvrApi.Agents.AgentOptions { SecretDirectory = ".cache/local-stack/agent-secrets" }));

        store.Folder.Should().Be(Path.Combine(Environment.CurrentDirectory, ".cache", "local-stack", "agent-secrets"));
    }

    [Fact]
    public void Generated_passwords_are_24_letters_and_digits_drawn_from_the_whole_alphabet()
    {
        var passwords = Enumerable.Range(0, 2000).Select(_ => IvrApi.Agents.AgentPassword.Generate()).ToArray();

        passwords.Should().OnlyContain(p => Password().IsMatch(p));
        passwords.Distinct().Should().HaveCount(passwords.Length);
        // 48,000 draws from 62 characters: each appears about 774 times; a character never drawn means a narrowed alphabet.
        string.Concat(passwords).Distinct().Should().HaveCount(62);
    }

    private IvrApiFactory App() => new IvrApiFactory().WithLocalAdmin().With("Agents:SecretDirectory", secrets);

    private static LogEvent[] Audit(IvrApiFactory app) =>
        app.Logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("Admin audit", StringComparison.Ordinal) && Text(e, "Resource") == "agent").ToArray();

    private static string Text(LogEvent e, string property) => ((ScalarValue)e.Properties[property]).Value!.ToString()!;

    [GeneratedRegex("^[A-Za-z0-9]{24}$")]
    private static partial Regex Password();
}
