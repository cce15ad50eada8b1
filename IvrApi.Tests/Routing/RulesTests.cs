using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Sma;

namespace IvrApi.Tests.Routing;

public sealed class RulesTests
{
    [Theory]
    [InlineData("history", "voiceConnector", "600300", null)]
    [InlineData("  History ", "voiceConnector", "600300", null)]
    [InlineData("sales", "pstnNumber", "+15555550199", null)]
    [InlineData("sales", "pstnNumber", "5555550199", "E.164")]
    [InlineData("sales", "pstnNumber", "+0555", "E.164")]
    [InlineData("history", "voiceConnector", "6003 00", "1-30 characters")]
    [InlineData("history", "voiceConnector", "1234567890123456789012345678901", "1-30 characters")]
    [InlineData("history", "fax", "600300", "voiceConnector")]
    [InlineData("customer_service", "voiceConnector", "600500", null)]
    [InlineData("customer service", "voiceConnector", "600500", "department name")]
    [InlineData("unknown", "voiceConnector", "600500", "department name")]
    [InlineData("x", "voiceConnector", "600500", "department name")]
    [InlineData("../etc", "voiceConnector", "600300", "department name")]
    [InlineData("", "voiceConnector", "600300", "department name")]
    public void Departments_are_validated_in_one_place(string name, string service, string number, string? error)
    {
        var department = DepartmentRules.TryCreate(name, service, number, null, out var message);

        if (error is null)
        {
            department.Should().NotBeNull();
            department!.Name.Should().Be(name.Trim().ToLowerInvariant());
        }
        else
        {
            department.Should().BeNull();
            message!.Message.Should().Contain(error);
        }
    }

    [Theory]
    [InlineData("history", "history")]
    [InlineData("customer service", "customer service")]
    [InlineData("history\r\nX-Evil: 1", "unknown")]
    [InlineData("\"quoted\"", "unknown")]
    [InlineData("a;b", "unknown")]
    [InlineData("", "unknown")]
    [InlineData(" padded ", "padded")]
    public void Sip_header_values_are_token_characters_or_the_fallback(string value, string expected) =>
        SipHeaderValue.Sanitize(value, "unknown").Should().Be(expected);

    [Fact]
    public void Overlong_header_values_become_the_fallback() =>
        SipHeaderValue.Sanitize(new string('a', 65), "unknown").Should().Be("unknown");

    [Theory]
    [InlineData("+15555550100", "+1********00")]
    [InlineData("5550100", "*****00")]
    [InlineData("+1", "**")]
    [InlineData(null, "")]
    public void Phone_numbers_are_masked_in_logs(string? number, string expected) =>
        IvrApi.Observability.PhoneNumberMask.Mask(number).Should().Be(expected);

    [Theory]
    [InlineData("arn:aws:lex:us-east-1:111122223333:bot-alias/ABCDEFGHIJ/KLMNOPQRST", "us-east-1", "ABCDEFGHIJ", "KLMNOPQRST")]
    [InlineData("arn:aws:lex:us-east-1:111122223333:bot/ABCDEFGHIJ", null, null, null)]
    [InlineData("not an arn", null, null, null)]
    public void Bot_alias_arns_are_read_into_region_bot_and_alias(string arn, string? region, string? bot, string? alias)
    {
        var parsed = IvrApi.Lex.BotAlias.Parse(arn);

        parsed?.Region.Should().Be(region);
        parsed?.BotId.Should().Be(bot);
        parsed?.AliasId.Should().Be(alias);
        (parsed is null).Should().Be(region is null);
    }

    [Theory]
    [InlineData("r1", null, null, null, "route", "history", null, "at least one condition")]
    [InlineData("r1", "44", null, null, "route", "history", null, "caller_prefix")]
    [InlineData("r1", "+44", null, null, "forward", "history", null, "action")]
    [InlineData("r1", "+44", null, null, "route", null, null, "needs a department")]
    [InlineData("r1", "+44", null, null, "block", null, null, "needs a message")]
    [InlineData("bad id!", "+44", null, null, "block", null, "No.", "rule id")]
    public void Rules_are_validated_in_one_place(string id, string? prefix, string? caller, string? called, string action, string? department, string? message, string error)
    {
        CallerRules.TryCreate(id, 1, prefix, caller, called, action, department, message, out var reason).Should().BeNull();

        reason!.Message.Should().Contain(error);
    }
}
