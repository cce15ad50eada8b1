using IvrApi.Departments;
using IvrApi.Routing;
using IvrApi.Routing.Matching;
using static IvrApi.Tests.Matching.MatchingDirectories;

namespace IvrApi.Tests.Matching;

public sealed class ForgivingDepartmentMatcherTests
{
    private readonly ForgivingDepartmentMatcher matcher = new();

    [Theory]
    [InlineData("HISTORY")]
    [InlineData("History.")]
    [InlineData("  history?! ")]
    [InlineData("\"history\"")]
    public void Case_punctuation_and_spaces_do_not_matter(string heard) => Routes(heard, "history");

    [Theory]
    [InlineData("I want the history department please")]
    [InlineData("I'd like to speak to someone in the history office")]
    [InlineData("um, history dept, thanks")]
    public void Filler_and_carrier_words_are_ignored(string heard) => Routes(heard, "history");

    [Theory]
    [InlineData("sciences", "science")]
    [InlineData("arts", "art")]
    [InlineData("histories", "history")]
    [InlineData("maths", "math")]
    [InlineData("art's", "art")]
    public void Plurals_and_possessives_meet_the_singular_name(string heard, string expected) => Routes(heard, expected);

    [Theory]
    [InlineData("mathematics", "math")]
    [InlineData("the algebra department", "math")]
    [InlineData("fine arts", "art")]
    [InlineData("world history", "history")]
    public void Synonyms_from_the_directory_route(string heard, string expected) => Routes(heard, expected);

    [Fact]
    public void Synonyms_are_read_from_each_snapshot_not_built_in()
    {
        var withoutSynonyms = Of(Department("math"));

        matcher.Match("mathematics", withoutSynonyms).Should().BeOfType<DepartmentMatch.NoMatch>();
    }

    [Theory]
    [InlineData("histery", "history")]
    [InlineData("hystory", "history")]
    [InlineData("sience", "science")]
    [InlineData("sighence", "science")]
    [InlineData("mathmatics", "math")]
    public void A_near_miss_is_only_probable(string heard, string expected) => Confirms(heard, expected);

    [Theory]
    [InlineData("mass")]
    [InlineData("mat")]
    [InlineData("part")]
    [InlineData("heart")]
    [InlineData("arte")]
    public void Short_words_must_be_heard_exactly(string heard) => AsksAgain(heard);

    [Theory]
    [InlineData("mystery")]
    [InlineData("silence")]
    [InlineData("historian")]
    public void A_different_real_word_is_not_a_near_miss(string heard) => AsksAgain(heard);

    [Theory]
    [InlineData("art history", "art", "history")]
    [InlineData("history or math", "history", "math")]
    [InlineData("math and science", "science", "math")]
    [InlineData("painting or algebra", "art", "math")]
    public void Two_departments_are_ambiguous_never_a_guess(string heard, params string[] expected)
    {
        matcher.Match(heard, School).Should().BeOfType<DepartmentMatch.Ambiguous>()
            .Which.Candidates.Select(d => d.Name).Should().Equal(expected);
    }

    [Fact]
    public void A_department_plus_a_near_miss_of_another_is_ambiguous()
    {
        matcher.Match("history mathmatics", School).Should().BeOfType<DepartmentMatch.Ambiguous>()
            .Which.Candidates.Select(d => d.Name).Should().Equal("history", "math");
    }

    [Theory]
    [InlineData("ancient history", "history")]
    [InlineData("computer science", "science")]
    public void A_department_with_words_we_cannot_place_is_confirmed(string heard, string expected) => Confirms(heard, expected);

    [Theory]
    [InlineData("not history")]
    [InlineData("no math")]
    [InlineData("anything except art")]
    [InlineData("I don't want science")]
    public void A_negation_is_not_a_choice(string heard) => AsksAgain(heard);

    [Theory]
    [InlineData("two", "art")]
    [InlineData("press 3", "history")]
    [InlineData("number four please", "math")]
    [InlineData("one for science", "science")]
    public void A_spoken_key_routes_like_the_keypad(string heard, string expected) => Routes(heard, expected);

    [Theory]
    [InlineData("two for science")]
    [InlineData("five")]
    [InlineData("zero")]
    [InlineData("the second one")]
    [InlineData("12")]
    public void A_spoken_key_that_conflicts_or_is_not_on_the_menu_is_a_miss(string heard) =>
        matcher.Match(heard, School).Should().NotBeOfType<DepartmentMatch.Matched>().And.NotBeOfType<DepartmentMatch.Probable>();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("please")]
    [InlineData("the department")]
    [InlineData("geography")]
    public void Nothing_or_an_unknown_department_is_no_match(string? heard) =>
        matcher.Match(heard, School).Should().Be(DepartmentMatch.None);

    [Fact]
    public void A_transcript_longer_than_any_request_is_asked_again()
    {
        var rambling = string.Join(' ', Enumerable.Repeat("history", 40));

        matcher.Match(rambling, School).Should().Be(DepartmentMatch.None);
    }

    [Fact]
    public void The_longest_name_wins_over_a_shorter_one_inside_it()
    {
        var directory = Of(Department("science"), Department("computer_science"));

        matcher.Match("computer science please", directory).Should().BeOfType<DepartmentMatch.Matched>()
            .Which.Department.Name.Should().Be("computer_science");
        matcher.Match("science", directory).Should().BeOfType<DepartmentMatch.Matched>()
            .Which.Department.Name.Should().Be("science");
    }

    [Fact]
    public void A_department_named_like_a_filler_or_negation_word_is_still_found()
    {
        var directory = Of(Department("office"), Department("math"), Department("other"));

        Routes("other", "other", directory);
        matcher.Match("not math", directory).Should().Be(DepartmentMatch.None);

        matcher.Match("the office please", directory).Should().BeOfType<DepartmentMatch.Matched>()
            .Which.Department.Name.Should().Be("office");
        matcher.Match("the math office", directory).Should().BeOfType<DepartmentMatch.Ambiguous>();
    }

    [Fact]
    public void Filler_words_inside_a_name_are_optional_like_the_callers()
    {
        var directory = Of(Department("history_of_art"), Department("math"));

        Routes("history art", "history_of_art", directory);
        Routes("the history of art department", "history_of_art", directory);
    }

    [Fact]
    public void Names_that_meet_after_singularising_are_ambiguous()
    {
        var directory = Of(Department("art"), Department("arts"));

        matcher.Match("arts", directory).Should().BeOfType<DepartmentMatch.Ambiguous>()
            .Which.Candidates.Should().HaveCount(2);
    }

    [Fact]
    public void A_synonym_shared_by_two_departments_is_ambiguous()
    {
        var directory = Of(Department("physics", "science"), Department("chemistry", "science"));

        matcher.Match("science", directory).Should().BeOfType<DepartmentMatch.Ambiguous>()
            .Which.Candidates.Select(d => d.Name).Should().Equal("physics", "chemistry");
    }

    [Fact]
    public void A_near_miss_equally_close_to_two_departments_is_ambiguous()
    {
        var directory = Of(Department("theology"), Department("geology"));

        matcher.Match("teology", directory).Should().BeOfType<DepartmentMatch.Ambiguous>()
            .Which.Candidates.Select(d => d.Name).Should().Equal("theology", "geology");
    }

    [Fact]
    public void A_near_miss_with_a_close_runner_up_is_ambiguous()
    {
        // "chemistey" is one edit from chemistry and two from chemist: too close to tell apart.
        var directory = Of(Department("chemistry"), Department("chemist"));

        matcher.Match("chemistey", directory).Should().BeOfType<DepartmentMatch.Ambiguous>()
            .Which.Candidates.Select(d => d.Name).Should().Equal("chemistry", "chemist");
    }

    [Fact]
    public void Routing_and_confirming_allocate_nothing_once_the_snapshot_is_indexed()
    {
        var heard = new[] { "I'd like the history department, please", "histery", "two", "Mathematics!" };
        foreach (var phrase in heard)
        {
            matcher.Match(phrase, School);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var phrase in heard)
        {
            matcher.Match(phrase, School);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void A_snapshot_with_other_departments_is_indexed_afresh()
    {
        Routes("history", "history");
        var renamed = Of(Department("histology"));

        matcher.Match("history", renamed).Should().NotBeOfType<DepartmentMatch.Matched>();
    }

    private void Routes(string heard, string expected) => Routes(heard, expected, School);

    private void Routes(string heard, string expected, DirectorySnapshot directory) =>
        matcher.Match(heard, directory).Should().BeOfType<DepartmentMatch.Matched>()
            .Which.Department.Name.Should().Be(expected);

    private void Confirms(string heard, string expected) =>
        matcher.Match(heard, School).Should().BeOfType<DepartmentMatch.Probable>()
            .Which.Department.Name.Should().Be(expected);

    private void AsksAgain(string heard) =>
        matcher.Match(heard, School).Should().BeOfType<DepartmentMatch.NoMatch>();
}
