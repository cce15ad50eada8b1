using IvrApi.Admin;
using IvrApi.Agents;
using IvrApi.Departments;
using IvrApi.Lex;
using IvrApi.Routing;
using IvrApi.Sma;
using IvrApi.Tests.TestSupport;
using IvrApi.Voicemail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IvrApi.Tests.Settings;

/// <summary>
/// Settings an operator can get wrong stop the service at start-up with words, not on a live call. The container is
/// built as Program builds it and its start-up validation (what the host runs before it listens) is run directly.
/// </summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Directory:Provider", "Postgres", "must be Embedded or DynamoDb")]
    [InlineData("Directory:SeedFile", "missing.json", "does not exist")]
    [InlineData("Directory:Timeout", "00:00:05", "within 3 s")]
    [InlineData("Directory:CacheDuration", "00:05:00", "within a minute")]
    [InlineData("Routing:MaxRetries", "9", "0 to 5")]
    [InlineData("Routing:Operator:Number", "not a number!", "Routing:Operator")]
    [InlineData("Routing:Operator:LexInfo", "unknown\r\nX-Evil: 1", "not a safe SIP header value")]
    [InlineData("Lex:BotAliasArn", "arn:aws:lex:us-east-1:1:bot/X", "is not arn:aws:lex")]
    [InlineData("Lex:PreloadTimeout", "00:00:03", "within 2 s")]
    [InlineData("Prompts:Greeting", "", "Prompts:Greeting")]
    [InlineData("Routing:PstnAllowedPrefixes", "1, 44", "Routing:PstnAllowedPrefixes")]
    [InlineData("Routing:PstnAllowedPrefixes", "", "Routing:PstnAllowedPrefixes")]
    [InlineData("Admin:Access", "FunctionUrlIam", "needs CallPath:Enabled=false")]
    [InlineData("CallPath:Enabled", "false", "nothing to serve")]
    [InlineData("Agents:SecretStore", "Vault", "must be Directory or SecretsManager")]
    [InlineData("Agents:SecretDirectory", " ", "Agents:SecretDirectory is required")]
    [InlineData("Voicemail:LinkMinutes", "0", "Voicemail:LinkMinutes must be 1 to 60")]
    [InlineData("Voicemail:LinkMinutes", "61", "Voicemail:LinkMinutes must be 1 to 60")]
    [InlineData("Voicemail:MaxMessages", "1001", "Voicemail:MaxMessages must be 1 to 1000")]
    [InlineData("Voicemail:ServiceUrl", "127.0.0.1:4568", "must be an http or https URL")]
    [InlineData("Routing:PstnDeniedPrefixes", "1876", "Routing:PstnDeniedPrefixes '1876'")]
    public void A_bad_setting_stops_the_start_with_a_clear_message(string key, string value, string message)
    {
        var start = () => Validate((key, value));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(message);
    }

    // Checked by the start-up validator itself: through WebApplicationFactory a failed start sometimes surfaces as
    // ObjectDisposedException instead of the validation error.
    [Fact]
    public void A_secret_prefix_Secrets_Manager_cannot_name_is_refused_at_start()
    {
        var start = () => Validate(("Agents:SecretStore", "SecretsManager"), ("Agents:SecretPrefix", "ivr agents/"));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Agents:SecretPrefix 'ivr agents/'");
    }

    [Theory]
    [InlineData("Loopback")]
    [InlineData(null)]
    public void Loopback_admin_is_refused_on_Lambda(string? access)
    {
        // Behind the Web Adapter every request comes from loopback, so Loopback would trust anyone who can invoke.
        (string, string)[] settings = access is null
            ? [("Admin:Enabled", "true"), ("AWS_LAMBDA_FUNCTION_NAME", "ivr-api")]
            : [("Admin:Enabled", "true"), ("Admin:Access", access), ("AWS_LAMBDA_FUNCTION_NAME", "ivr-api")];

        var start = () => Validate(settings);

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Admin:Access=Loopback is refused on Lambda");
    }

    [Fact]
    public void Agent_secrets_in_files_are_refused_for_an_admin_function_on_Lambda()
    {
        // The PBX host could never read them: every agent would be created unable to sign in.
        var start = () => Validate(("Admin:Enabled", "true"), ("Admin:Access", "FunctionUrlIam"), ("CallPath:Enabled", "false"), ("AWS_LAMBDA_FUNCTION_NAME", "ivr-api-admin"));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Agents:SecretStore=Directory is refused on Lambda");
        Validate(("Admin:Enabled", "true"), ("Admin:Access", "FunctionUrlIam"), ("CallPath:Enabled", "false"), ("AWS_LAMBDA_FUNCTION_NAME", "ivr-api-admin"), ("Agents:SecretStore", "SecretsManager"));
        Validate(("AWS_LAMBDA_FUNCTION_NAME", "ivr-api"));
    }

    [Theory]
    [InlineData("+19005550100", "premium-rate")]
    [InlineData("+442079460000", "must start with +1")]
    public void A_PSTN_operator_outside_the_allow_list_stops_the_start(string number, string message)
    {
        var start = () => Validate(("Routing:Operator:Service", "pstnNumber"), ("Routing:Operator:Number", number));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Routing:Operator:Number").And.Contain(message);
    }

    [Theory]
    [InlineData("Greeting", 600, "Greeting, the other language's LanguageOffer, Question and the keypad menu")]
    [InlineData("Question", 600, "Greeting, the other language's LanguageOffer, Question and the keypad menu")]
    [InlineData("Retry", 700, "Retry and the keypad menu")]
    [InlineData("Closed", 800, "Closed (or a closed_message) and an after-hours message")]
    public void Prompts_said_together_must_fit_one_Speak_or_Lex_message_with_the_longest_data(string prompt, int length, string message)
    {
        // Each prompt alone is under 1,000 characters: only their concatenation is too long.
        var start = () => Validate(($"Prompts:{prompt}", new string('a', length)));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(message).And.Contain("at most 1000");
    }

    [Fact]
    public void The_longest_texts_of_the_shipped_prompts_fit()
    {
        // The keypad menu of ten departments with 32-character names: nine keys and "say its name".
        var name = new string('w', 31);
        var menu = $"Press 1 for {name}0, 2 for {name}1, 3 for {name}2, 4 for {name}3, 5 for {name}4, 6 for {name}5, 7 for {name}6, 8 for {name}7, or 9 for {name}8. For any other department, say its name.";

        var spanish = $"Oprima 1 para {name}0, 2 para {name}1, 3 para {name}2, 4 para {name}3, 5 para {name}4, 6 para {name}5, 7 para {name}6, 8 para {name}7 o 9 para {name}8. Para cualquier otro departamento, diga su nombre.";

        SpeechLimits.LongestKeypadMenu.Should().Be(Math.Max(menu.Length, spanish.Length));
        SpeechLimits.Longest(new PromptOptions()).Should().OnlyContain(t => t.Length <= 1000);
    }

    [Fact]
    public void The_longest_texts_of_the_shipped_spanish_prompts_fit()
    {
        var spanish = new PromptOptions();
        SpanishPrompts.Apply(spanish);

        SpeechLimits.Longest(spanish).Should().OnlyContain(t => t.Length <= 1000);
    }

    [Fact]
    public void A_spanish_prompt_is_checked_like_an_english_one_and_named_by_its_section()
    {
        var start = () => Validate(("Prompts:Spanish:Retry", new string('a', 900)));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Prompts:Spanish:");
    }

    [Fact]
    public void A_spanish_number_must_be_e164()
    {
        var start = () => Validate(("Routing:SpanishNumbers", "+15555550100, 5555550101"));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Routing:SpanishNumbers '5555550101'");
    }

    [Fact]
    public void The_dynamodb_provider_needs_a_table_name()
    {
        var start = () => Validate(("Directory:Provider", "DynamoDb"));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Directory:TableName is required");
    }

    [Fact]
    public void The_shipped_settings_are_valid()
    {
        var start = () => Validate();

        start.Should().NotThrow();
    }

    private static void Validate(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        using var services = new ServiceCollection().AddLogging()
            .AddDepartmentDirectory(configuration).AddCallRouting(configuration).AddSma(configuration).AddLex(configuration).AddAdmin(configuration)
            .AddAgents(configuration).AddVoicemail(configuration)
            .BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
    }
}

/// <summary>The call path starts without a bot alias or Voice Connector, but says at once what callers would get.</summary>
public sealed class CallPathSettingsWarningTests
{
    [Theory]
    [InlineData("Lex:BotAliasArn", "Lex__BotAliasArn")]
    [InlineData("Sma:VoiceConnectorArn", "Sma__VoiceConnectorArn")]
    public async Task An_empty_call_path_setting_is_a_warning_naming_it_at_start(string setting, string variable)
    {
        using var app = new IvrApiFactory().With(setting, "");
        using var client = app.CreateClient();

        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode.Should().BeTrue();

        var warning = app.Logs.Events.Should().ContainSingle(e => e.MessageTemplate.Text.StartsWith("{Setting} is empty", StringComparison.Ordinal)).Subject;
        warning.Level.Should().Be(Serilog.Events.LogEventLevel.Warning);
        warning.Properties["Setting"].ToString().Should().Be($"\"{setting}\"");
        warning.Properties["Variable"].ToString().Should().Be($"\"{variable}\"");
    }

    [Fact]
    public async Task Set_call_path_settings_warn_of_nothing()
    {
        using var app = new IvrApiFactory();
        using var client = app.CreateClient();

        (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode.Should().BeTrue();

        app.Logs.Events.Should().NotContain(e => e.MessageTemplate.Text.StartsWith("{Setting} is empty", StringComparison.Ordinal));
    }
}
