using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Sma;

/// <summary>
/// INVALID_LAMBDA_RESPONSE carries the SMA's error message, which may quote our answer back (a bridge's Uri, a caller
/// ID): it is logged with every phone number masked, like every other log line.
/// </summary>
public sealed class RejectedResponseLogTests
{
    [Fact]
    public async Task The_error_message_of_a_rejected_response_is_logged_with_phone_numbers_masked()
    {
        using var app = new IvrApiFactory();
        var call = Fixtures.Sma("invalid-lambda-response");
        call["ErrorType"] = "InvalidActionParameter";
        call["ErrorMessage"] = "CallAndBridge: CallerIdNumber +15555550100 may not call Uri +12065550123 (sip:+12065550123@vc.example.com; tel 2065550123)";

        var answer = await Fixtures.SmaAsync(app, call);

        Fixtures.Types(answer).Should().Be("Speak,Hangup");
        var line = app.Logs.Lines.Should().ContainSingle(l => l.Contains("rejected our previous response", StringComparison.Ordinal)).Subject;
        line.Should().Contain("InvalidActionParameter").And.Contain("CallerIdNumber +1********00").And.Contain("Uri +1********23")
            .And.Contain("sip:+1********23@vc.example.com").And.Contain("tel ********23");
        app.Logs.Lines.Should().NotContain(l => l.Contains("5555550100", StringComparison.Ordinal) || l.Contains("2065550123", StringComparison.Ordinal));
    }
}
