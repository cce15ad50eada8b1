using IvrApi.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IvrApi.Tests.Infrastructure;

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
    public void A_bad_setting_stops_the_start_with_a_clear_message(string key, string value, string message)
    {
        var start = () => Validate((key, value));

        start.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(message);
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
        using var services = new ServiceCollection().AddLogging().AddCallRouting(configuration).BuildServiceProvider();
        services.GetRequiredService<IStartupValidator>().Validate();
    }
}
