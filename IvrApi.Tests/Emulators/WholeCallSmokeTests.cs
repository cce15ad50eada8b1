using IvrApi.Tests.TestSupport;
using IvrEmulators;
using IvrEmulators.Sma;
using Xunit.Abstractions;

namespace IvrApi.Tests.Emulators;

/// <summary>
/// The plumbing of whole calls through IvrApi: SMA emulator → POST /events → Lex emulator → POST /events, on the
/// synthesized bot. Asserts only what proves the pieces reach each other; the scenario suite asserts the product.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class WholeCallSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_call_without_preload_reaches_the_code_hook_and_ends()
    {
        await using var ivr = await EmulatedIvr.StartAsync();

        var call = await ivr.CallAsync(new CallScript { Inputs = [new CallerInput.Say("history")] });
        output.WriteLine(call.ToText(verbose: true));

        call.Exchanges.Should().Contain(e => e.Kind == "lex-hook", "the bot's turns reach IvrApi's code hook");
        call.Exchanges.Where(e => e.Kind == "sma-event").Should().HaveCountGreaterThan(1);
        call.Ending.Should().NotBeNull();
    }

    [Fact]
    public async Task A_call_with_preload_puts_the_session_through_the_signed_http_call()
    {
        await using var ivr = await EmulatedIvr.StartAsync(preload: true);

        var call = await ivr.CallAsync(new CallScript { Inputs = [new CallerInput.Say("history")] });
        output.WriteLine(call.ToText(verbose: true));

        call.Exchanges.Should().Contain(e => e.Kind == "lex-put-session", "IvrApi's SigV4 PutSession reached the emulator");
        call.Ending.Should().NotBeNull();
    }

    [Fact]
    public async Task A_caller_hanging_up_in_the_bot_ends_the_call_with_a_HANGUP_event()
    {
        await using var ivr = await EmulatedIvr.StartAsync();

        var call = await ivr.CallAsync(new CallScript { Inputs = [new CallerInput.HangUp()] });
        output.WriteLine(call.ToText(verbose: true));

        call.Ending!.How.Should().Be("caller hung up");
        call.Exchanges.Last(e => e.Kind == "sma-event").Request["InvocationEventType"]!.GetValue<string>().Should().Be("HANGUP");
    }
}
