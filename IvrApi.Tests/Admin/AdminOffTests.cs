using IvrApi.Tests.TestSupport;

namespace IvrApi.Tests.Admin;

/// <summary>With the admin API off (the default, and the call-path function on AWS), its paths say so and how to turn it on.</summary>
public sealed class AdminOffTests(IvrApiFactory app) : IClassFixture<IvrApiFactory>
{
    [Theory]
    [InlineData("GET", "/departments")]
    [InlineData("GET", "/departments/history")]
    [InlineData("PUT", "/rules/vip")]
    [InlineData("DELETE", "/rules/vip")]
    public async Task The_admin_paths_answer_a_404_that_says_how_to_turn_it_on(string method, string path)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));

        using var response = await client.SendAsync(request);

        ((int)response.StatusCode).Should().Be(404);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("The route admin API is off").And.Contain("Admin__Enabled=true");
    }

    [Fact]
    public async Task Other_paths_stay_a_plain_404()
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/nothing-here", UriKind.Relative));

        ((int)response.StatusCode).Should().Be(404);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("admin API");
    }
}
