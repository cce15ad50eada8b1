using IvrApi.Routing;
using IvrApi.Routing.Matching;

namespace IvrApi.Tests.Matching;

public sealed class YesOrNoTests
{
    [Theory]
    [InlineData("yes", Confirmation.Confirmed)]
    [InlineData("Yes, please.", Confirmation.Confirmed)]
    [InlineData("yeah that's right", Confirmation.Confirmed)]
    [InlineData("correct", Confirmation.Confirmed)]
    [InlineData("no", Confirmation.Denied)]
    [InlineData("No, it isn't", Confirmation.Denied)]
    [InlineData("nope", Confirmation.Denied)]
    [InlineData("yes no", Confirmation.None)]
    [InlineData("art", Confirmation.None)]
    [InlineData("no, art please", Confirmation.None)]
    [InlineData("", Confirmation.None)]
    [InlineData(null, Confirmation.None)]
    public void An_answer_is_yes_no_or_something_else(string? said, Confirmation expected) =>
        YesOrNo.Of(said).Should().Be(expected);
}
