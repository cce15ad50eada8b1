using Amazon.CDK;

namespace IvrDeploy.Tests;

public sealed class SettingsTests
{
    private static string WriteTemp(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("departments-").FullName, "departments.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Departments_keep_order_synonyms_and_unknown_fields()
    {
        var list = Departments.Load(WriteTemp("""
            [{"department_name":"b","service":"pstnNumber","number":"+1","synonyms":["bee"],"hours":"9-5"},
             {"department_name":"a","service":"voiceConnector","number":"600"}]
            """));
        list.Select(d => d.Name).Should().Equal("b", "a");
        list[0].Synonyms.Should().Equal("bee");
        list[1].Synonyms.Should().BeEmpty();
        list[0].Item["hours"]!.GetValue<string>().Should().Be("9-5");
    }

    [Theory]
    [InlineData("[]", "no departments")]
    [InlineData("""[{"service":"pstnNumber"}]""", "no department_name")]
    [InlineData("""[{"department_name":"a"},{"department_name":"A"}]""", "twice")]
    [InlineData("""{"department_name":"a"}""", "")]
    public void Malformed_department_lists_are_refused(string json, string message)
    {
        var act = () => Departments.Load(WriteTemp(json));
        act.Should().Throw<Exception>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Context_overrides_defaults_and_a_missing_lambda_zip_is_an_error()
    {
        var zip = Path.Combine(Directory.CreateTempSubdirectory("lambda-").FullName, "ivr-api.zip");
        File.WriteAllBytes(zip, [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var app = new App(new AppProps { Context = new Dictionary<string, object> { ["lambdaZip"] = zip, ["pollyVoice"] = "Matthew", ["webAdapterLayerVersion"] = "27" } });
        var settings = DeploySettings.FromContext(app.Node, SynthesizedStack.RepositoryRoot);
        settings.LambdaCode.Should().Be(zip);
        settings.PollyVoice.Should().Be("Matthew");
        settings.WebAdapterLayerVersion.Should().Be(27);
        settings.ReleasePhoneNumberOnDelete.Should().BeFalse();

        var missing = new App(new AppProps { Context = new Dictionary<string, object> { ["lambdaZip"] = zip + ".absent" } });
        var act = () => DeploySettings.FromContext(missing.Node, SynthesizedStack.RepositoryRoot);
        act.Should().Throw<DeploySettingsException>().WithMessage("*lambdaZip*");
    }
}
