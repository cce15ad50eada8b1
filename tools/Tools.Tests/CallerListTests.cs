using IvrEmulators.Sma;

namespace IvrTools.Tests;

/// <summary>
/// tools/ivr-call --callers: a caller list is read whole or refused naming the field, before anything starts. (Its run
/// against the real Asterisk is pbx/tests/test_load_ivr_call.py: the PBX and its agents live in pbx/.)
/// </summary>
public sealed class CallerListTests
{
    [Fact]
    public void Each_caller_is_a_call_script_and_dials_in_the_order_of_its_at()
    {
        var callers = CallerList.Parse("""
            {"callers": [
              {"at": 1.5, "caller": "+15555550112", "inputs": ["art"], "agent": {"talkSeconds": 5}},
              {"caller": "+15555550111", "inputs": ["history"]}
            ]}
            """);

        callers.Select(c => (c.AtSeconds, c.Script.CallerNumber)).Should().Equal((0.0, "+15555550111"), (1.5, "+15555550112"));
        callers[1].Script.Agent.TalkSeconds.Should().Be(5);
        callers[1].Script.Inputs.Select(i => i.ToString()).Should().ContainSingle().Which.Should().Contain("art");
    }

    [Fact]
    public void Callers_without_a_number_get_one_each_by_place()
    {
        var callers = CallerList.Parse("""{"callers": [{"inputs": ["art"]}, {"inputs": ["math"]}]}""");

        callers.Select(c => c.Script.CallerNumber).Should().Equal("+15555552001", "+15555552002");
    }

    [Theory]
    [InlineData("""{"callers": []}""", "callers", "1 to 100")]
    [InlineData("""{"callers": {"inputs": []}}""", "callers", "array")]
    [InlineData("""{"caller": "+15555550100"}""", "caller", "only \"callers\"")]
    [InlineData("""{"callers": ["history"]}""", "callers[0]", "JSON object")]
    [InlineData("""{"callers": [{"at": -1}]}""", "callers[0].at", "0 to 600")]
    [InlineData("""{"callers": [{"at": "1s"}]}""", "callers[0].at", "number of seconds")]
    [InlineData("""{"callers": [{}, {"input": ["art"]}]}""", "callers[1].input", "did you mean 'inputs'")]
    [InlineData("""{"callers": [{"caller": "5555550100"}]}""", "callers[0].caller", "E.164")]
    [InlineData("""{"callers": [{"caller": "+15555550100"}, {"caller": "+15555550100"}]}""", "callers", "+15555550100 2 times")]
    public void A_wrong_list_is_refused_by_field(string json, string field, string expected)
    {
        var act = () => CallerList.Parse(json);

        var error = act.Should().Throw<CallScriptException>().Which;
        error.Field.Should().Be(field);
        error.Message.Should().Contain($"'{field}'").And.Contain(expected).And.NotContain("\n").And.NotContain("call script field 'call script");
    }

    [Fact]
    public void A_list_of_more_than_100_callers_is_refused()
    {
        var json = "{\"callers\": [" + string.Join(", ", Enumerable.Repeat("{}", CallerList.MaxCallers + 1)) + "]}";

        var act = () => CallerList.Parse(json);

        act.Should().Throw<CallScriptException>().Which.Field.Should().Be("callers");
    }

    [Fact]
    public void The_example_list_is_valid()
    {
        var callers = CallerList.Parse(File.ReadAllText(Path.Combine(Repository.Root, "tools", "ivr-call", "examples", "callers", "busy-minute.json")));

        callers.Should().HaveCountGreaterThan(3);
        callers.Select(c => c.Script.Inputs[0].ToString()).Distinct().Should().HaveCountGreaterThan(2, "several departments");
    }

    [Theory]
    [InlineData(new[] { "--callers" }, "needs a caller list")]
    [InlineData(new[] { "--callers", "--pbx" }, "needs a caller list")]
    [InlineData(new[] { "--callers", "a.json", "--script", "b.json" }, "one or the other")]
    [InlineData(new[] { "--callers", "a.json", "--callers", "b.json" }, "twice")]
    public void A_wrong_callers_option_is_refused(string[] args, string expected)
    {
        var (file, _, error) = SeveralCallers.Take(args);

        file.Should().BeNull();
        error.Should().Contain(expected);
    }

    [Fact]
    public void The_callers_option_is_taken_out_and_the_rest_left_to_the_other_options()
    {
        var (file, others, error) = SeveralCallers.Take(["--pbx", "--callers", "list.json", "--verbose"]);

        (file, error).Should().Be(("list.json", (string?)null));
        others.Should().Equal("--pbx", "--verbose");
    }

    [Fact]
    public async Task A_missing_caller_list_is_one_line_and_exit_2()
    {
        var run = await IvrCall.RunAsync("--callers", "tools/ivr-call/examples/callers/no-such-list.json");

        run.ExitCode.Should().Be(2);
        run.ErrorLines.Should().ContainSingle().Which.Should().Contain("no-such-list.json").And.Contain("not found");
    }

    [Fact]
    public async Task Help_documents_the_caller_list()
    {
        var help = await IvrCall.RunAsync("--help");

        help.Output.Should().Contain("--callers FILE").And.Contain("\"at\"").And.Contain("examples/callers");
    }
}
