using System.Text.Json.Nodes;

namespace IvrDeploy.Tests;

/// <summary>Synthesizes the stack with other inputs: department lists, context settings, regions.</summary>
public sealed class VariantTests
{
    private static Department Dept(string name, params string[] synonyms)
    {
        var item = new JsonObject { ["department_name"] = name, ["service"] = "pstnNumber", ["number"] = "+15555550100" };
        if (synonyms.Length > 0)
        {
            item["synonyms"] = new JsonArray(synonyms.Select(s => (JsonNode)s).ToArray());
        }

        return new Department(name, synonyms, item);
    }

    private static readonly Department[] TwoDepartments = [Dept("sales", "buy", "purchase"), Dept("support")];

    private static string BotVersionId(SynthesizedStack s) => s.Resources("AWS::Lex::BotVersion").Single().Id;

    [Fact]
    public void Bot_version_id_follows_the_bot_definition()
    {
        var first = new SynthesizedStack(TwoDepartments);
        var same = new SynthesizedStack(TwoDepartments);
        var changed = new SynthesizedStack([.. TwoDepartments, Dept("billing")]);
        var otherVoice = new SynthesizedStack(TwoDepartments, new Dictionary<string, object> { ["pollyVoice"] = "Matthew" });

        BotVersionId(same).Should().Be(BotVersionId(first), "an unchanged bot must not publish a new version");
        BotVersionId(changed).Should().NotBe(BotVersionId(first), "a changed bot must publish a new version");
        BotVersionId(otherVoice).Should().NotBe(BotVersionId(first), "a new voice is a changed bot too");
        changed.Props("AWS::Lex::BotAlias")["BotVersion"]!["Fn::GetAtt"]![0]!.GetValue<string>().Should().Be(BotVersionId(changed));
    }

    [Fact]
    public void Synonyms_reach_the_slot_type_and_every_field_reaches_the_table_seed_in_the_services_shape()
    {
        var extra = Dept("sales", "buy");
        extra.Item["hours"] = new JsonObject { ["time_zone"] = "America/Chicago", ["weekly"] = "Mon-Fri 09:00-17:00" };
        extra.Item["vip"] = true;
        var s = new SynthesizedStack([extra, Dept("support")]);

        var values = s.Props("AWS::Lex::Bot")["BotLocales"]![0]!["SlotTypes"]![0]!["SlotTypeValues"]!.AsArray();
        values.Select(v => v!.ToJsonString()).Should().Equal(
            """{"SampleValue":{"Value":"sales"},"Synonyms":[{"Value":"buy"}]}""",
            """{"SampleValue":{"Value":"support"}}""");

        var item = s.Resources("Custom::AWS").Select(r => Cfn.Document(r.Resource["Properties"]!["Create"]))
            .Single(c => c["action"]!.GetValue<string>() == "putItem" && c["parameters"]!["Item"]!["department_name"]!["S"]!.GetValue<string>() == "sales")
            ["parameters"]!["Item"]!;
        // The shapes IvrApi's DynamoDB directory reads: synonyms a string set, hours JSON text, position a number.
        item["synonyms"]!.ToJsonString().Should().Be("""{"SS":["buy"]}""");
        item["hours"]!["S"]!.GetValue<string>().Should().Be("""{"time_zone":"America/Chicago","weekly":"Mon-Fri 09:00-17:00"}""");
        item["vip"]!.ToJsonString().Should().Be("""{"BOOL":true}""");
        item["position"]!.ToJsonString().Should().Be("""{"N":"1"}""");
    }

    [Fact]
    public void A_given_phone_number_and_operator_route_are_used_as_is_and_nothing_is_ordered()
    {
        var s = new SynthesizedStack(TwoDepartments, new Dictionary<string, object>
        {
            ["phoneNumber"] = "+12065550123",
            ["operatorService"] = "pstnNumber",
            ["operatorNumber"] = "+12065550199",
        });
        var env = s.Resources("AWS::Lambda::Function").Select(f => f.Resource["Properties"]!)
            .Single(f => f["FunctionName"]?.GetValue<string>() == "IvrCallRouter-IvrApi")["Environment"]!["Variables"]!;
        env["Routing__Operator__Service"]!.GetValue<string>().Should().Be("pstnNumber");
        env["Routing__Operator__Number"]!.GetValue<string>().Should().Be("+12065550199");
        s.Resources("Custom::ChimePhoneNumber").Should().BeEmpty();
        s.Props("Custom::ChimeSipRule")["TriggerValue"]!.GetValue<string>().Should().Be("+12065550123");
        s.Json["Outputs"]!["PhoneNumber"]!["Value"]!.GetValue<string>().Should().Be("+12065550123");
    }

    [Fact]
    public void An_ordered_number_is_released_with_the_stack_only_when_asked()
    {
        var s = new SynthesizedStack(TwoDepartments, new Dictionary<string, object>
        {
            ["releasePhoneNumberOnDelete"] = "true",
            ["phoneAreaCode"] = "312",
        });
        var number = s.Single("Custom::ChimePhoneNumber");
        number["DeletionPolicy"]!.GetValue<string>().Should().Be("Delete");
        number["Properties"]!["AreaCode"]!.GetValue<string>().Should().Be("312");
        number["Properties"]!["PhoneNumberType"]!.GetValue<string>().Should().Be("Local");
        number["Properties"]!.AsObject().ContainsKey("TollFreePrefix").Should().BeFalse();
    }

    [Fact]
    public void Us_west_2_opens_sip_to_that_regions_voice_connector_range()
    {
        var s = new SynthesizedStack(TwoDepartments, region: "us-west-2");
        var cidrs = s.Props("AWS::EC2::SecurityGroup")["SecurityGroupIngress"]!.AsArray()
            .Where(r => r!["FromPort"]!.GetValue<int>() == 5061)
            .Select(r => r!["CidrIp"]!.GetValue<string>()).Distinct();
        cidrs.Should().Equal("99.77.253.0/24");
    }

    [Fact]
    public void Regions_without_pstn_audio_are_refused()
    {
        var act = () => new SynthesizedStack(TwoDepartments, region: "eu-west-1");
        act.Should().Throw<Exception>().WithMessage("*no PSTN audio*");
    }
}
